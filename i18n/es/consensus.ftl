# La página de la lección de la cadena de bloques.

title = cómo se pone de acuerdo una cadena de bloques
lede = Pares que no confían entre sí se turnan para crear bloques, los difunden, y cada uno sigue la cadena más larga que conoce. Mira cómo aparecen bifurcaciones cuando dos bloques compiten, y cómo desaparecen cuando una cadena crece más. Haz clic o toca un par para que falle (otra vez para recuperarlo).
skip-1 = Saltar a la red
skip-2 = Saltar a los números
skip-3 = Saltar a la línea de tiempo
to-lesson-1 = ← La primera lección: cliente-servidor, federada y entre pares, lado a lado
to-lesson-3 = Tiempo y orden →
share-title = archsim: cómo se pone de acuerdo una cadena de bloques
plots = Gráficas en tiempo virtual de la parte de bloques obsoletos, la parte de pares vivos que coinciden en la punta y la longitud de la cadena principal; las marcas rojas son fallos, particiones y reuniones.
drawing = Red y árbol (PNG)

## Atajos (? los muestra)
key-1 = moverse entre controles; la red es una sola parada
key-2 = elegir un par (Inicio, Fin: el primero, el último)
key-3 = hacer que falle el par elegido, o recuperarlo
key-4 = reproducir / pausar
key-5 = un segundo atrás (en pausa) / adelante
key-6 = partir la red, o reunirla
key-7 = mostrar u ocultar las estadísticas
key-8 = mostrar u ocultar esta lista; Esc la cierra

## The plots
plot-run = esta ejecución
plot-stale = Bloques obsoletos
plot-agree = Puntas en acuerdo
plot-length = Longitud de la cadena
plot-blocks = { $v ->
    [one] { $v } bloque
   *[other] { $v } bloques
}
