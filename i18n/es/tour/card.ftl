# Las palabras de la tarjeta del recorrido.

# Por qué no se abre un recorrido.
page-did-not-start = La página no arrancó.
cannot-open = No se pudo abrir el recorrido
cannot-use = No se puede usar el recorrido: { $why }.
not-loaded = No se pudo cargar el recorrido de la lección { $lesson }.
link-too-long = El recorrido de este enlace es demasiado largo (como mucho { $max } caracteres).
link-unreadable = El recorrido de este enlace no se puede leer (archsim tour link crea uno).
not-a-tour = no es un recorrido de archsim
format-version = tiene la versión de formato { $version }; esta página lee la versión 1
other-lesson = es de la lección { $lesson }, no de la de esta página ({ $page })
no-steps = no tiene pasos
first-step-no-link = su primer paso no tiene enlace
step-no-text = el paso { $k } no tiene título o texto
step-action-no-until = el paso { $k } pide una acción, pero no el estado que muestra que está hecha
step-until-unclear = el paso { $k } espera un estado que no describe
step-until-unmeasured = el paso { $k } espera «{ $name }», que esta lección no mide
step-until-unchecked = el paso { $k } espera «{ $claim }», que no es una afirmación que esta página pueda comprobar
step-bad-highlight = el paso { $k } señala «{ $highlight }», que no es un selector CSS
close = Cerrar

# La tarjeta.
tour = Recorrido
count = { $title } · paso { $k } de { $n }
keys = G: a lo que señala este paso, y de vuelta · Esc: salir del recorrido
back = ‹ Atrás
show-me = Muéstramelo
reopen = Reabrir este paso
next = Siguiente ›
finish = Terminar
show-text = Mostrar el texto
leave = Salir del recorrido

# Su línea de estado, y lo que oye un lector de pantalla.
announce = Recorrido, paso { $k } de { $n }: { $title }.
heard = Paso { $k } de { $n }: { $title }.
look-at = Mira: { $name }
stop = .
done-for-you = Lo hice por ti: ahora observa lo que pasa.
not-done = No se pudo hacer: { $why }
changed = El escenario cambió, y este paso se escribió para el suyo. Reabre este paso para verlo.
done = Hecho.
undone = Ya no está hecho.
