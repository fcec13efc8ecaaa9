# La página de la lección sobre el tiempo.

title = tiempo y orden
lede = El reloj de cada ordenador se desvía, los servidores de hora solo ayudan hasta donde la red lo permite, y los mensajes llegan en distinto orden a distintos lugares. Mira los relojes, los mensajes, y lo que cinco maneras de ordenar pagos le hacen a un libro de cuentas. Haz clic o toca un nodo para que falle (otra vez para recuperarlo).
skip-1 = Saltar a los relojes
skip-2 = Saltar al libro de cuentas
skip-3 = Saltar a la línea de tiempo
to-lesson-1 = ← La primera lección
to-lesson-2 = La lección de la cadena de bloques →
share-title = archsim: tiempo y orden
plots = Gráficas en tiempo virtual de los pagos rechazados y los pagos en espera, con el orden de llegada, el orden físico y, juntas, las tres reglas que respetan la causalidad; las marcas rojas son fallos y recuperaciones.
drawing = Relojes y mensajes (PNG)

## Atajos (? los muestra)
key-1 = moverse entre controles; cada dibujo es una sola parada
key-2 = elegir un nodo (Inicio, Fin: el primero, el último)
key-3 = hacer que falle el nodo elegido, o recuperarlo
key-4 = elegir un evento; Esc: ninguno, y dejar de comparar
key-5 = reproducir / pausar
key-6 = un segundo atrás (en pausa) / adelante
key-7 = mostrar u ocultar las estadísticas
key-8 = mostrar u ocultar esta lista; Esc la cierra
