# Las palabras del editor de recorridos («Escribir un recorrido»).

# Comprobar un paso, como hace `archsim tour check`: por qué falla y qué se cumplió.
no-scenario = ningún paso hasta este abre un escenario: dale el escenario de la página
state-names-unshown = su estado «{ $claim }» nombra «{ $name }», que la página no muestra
claim-names-unshown = la afirmación «{ $claim }» nombra «{ $name }», que la página no muestra
link-problems = su enlace tiene problemas: { $problems }
no-such-node = resalta «{ $highlight }», que no es un nodo de su escenario
action-fails = su acción «{ $action }» no se puede realizar: { $why }
state-unreadable = su estado «{ $claim }» no se puede leer
state-reached = se llegó a { $claim } tras { $s } s
state-not-reached = su estado «{ $claim }» no se alcanza en { $s } s
claim-hidden = la afirmación «{ $claim }» nombra «{ $name }», que la página no muestra a los { $s } s: { $why }
claim-fails = la afirmación «{ $claim }» no se cumple a los { $s } s: { $name } vale { $value }
claim-holds = ✓ { $claim } ({ $name } vale { $value })
checking = Comprobando el paso { $k } de { $n }…
one-holds = El paso se cumple. El enlace y el archivo del recorrido están abajo.
all-hold = Los { $n } pasos se cumplen. El enlace y el archivo del recorrido están abajo.
some-fail = No todos los pasos se cumplen ({ $bad } de { $n } no): cada uno está marcado arriba.
holds = ✓ se cumple
fails = ✗ falla
not-checked = sin comprobar

# El paso que se está escribiendo.
new-step = Paso { $k }
again = Paso { $k }, de nuevo
step-title = Título
step-text = Lo que lee el alumno
scenario = Escenario
opens-own = Abre su propio escenario
step-before = el escenario del paso anterior
use-page = Usar la página tal como está
points-at = Señala
highlight-example = #ratings, o un nodo
not-on-page = No está ahora en la página
pick = Elegir una parte de la página
asks-to = Pide al alumno que
action-example = haz clic en «Grabar» y luego en la página
record = Grabar un clic en la página
done-when = Hecho cuando
wait-for = Esperar un estado
said-when-done = Lo que se dice al terminar
time-allowed = Tiempo permitido (s virtuales)
claims = Afirmaciones de su texto
add-claim = Añadir una afirmación
keep = Guardar este paso
cancel = Cancelar
value = valor
comparison = comparación
compared-with = comparado con
unknown = desconocido
value-now = { $name } (ahora { $value })
state = estado
claim = afirmación
remove-this = Quitar: { $kind }
needs-title = Ponle un título al paso.
needs-text = Di lo que lee el alumno.
needs-state = Un paso con una acción necesita un estado que muestre que se hizo.
done-needs-state = «Lo que se dice al terminar» necesita un estado que esperar (o déjalo vacío).
time-range = El tiempo permitido va de 1 a { $max } s.
first-opens = El primer paso abre un escenario: marca «Abre su propio escenario».
highlight-missing = «{ $highlight }» no está ahora en la página.
kept = Paso { $k } guardado. Comprueba el recorrido cuando esté listo.

# Elegir y grabar desde la página.
picking = Haz clic en la parte de la página que señala este paso (Esc: cancelar).
no-name = Esa parte no tiene un nombre al que señalar: prueba con el panel o la tabla que la rodea.
picked = Señala { $highlight }.
not-picked = No se eligió nada.
recording = Ahora haz en la página lo que debería hacer el alumno (hacer fallar un nodo, partir la red…).
recorded = Grabado «{ $action }». El paso abre el escenario tal como estaba justo antes.

# El editor.
write = Escribir un recorrido
close-editor = Cerrar el editor de recorridos
hint = Prepara la página y luego añade un paso: toma el escenario de la página. Tu borrador se guarda en este navegador.
tour-title = Título del recorrido
untitled = Un recorrido
edit = Editar
move-up = Subir el paso { $k }
move-down = Bajar el paso { $k }
remove-step = Quitar el paso { $k }
remove = Quitar
add-step = Añadir un paso
check = Comprobar el recorrido
tour-link = Enlace del recorrido (todos los pasos se cumplen)
too-long = El recorrido es demasiado largo para un enlace: descarga su archivo.
try = Probarlo
download = Descargar el TOML
as-toml = El recorrido como archivo TOML
no-values = No se pudo cargar la lista de valores de la lección { $lesson }.
loading = Cargando…
