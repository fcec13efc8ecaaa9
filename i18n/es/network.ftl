# La página de la primera lección: redes cliente-servidor, federadas y entre pares, lado a lado.

title = por qué los sistemas distribuidos (y las cadenas de bloques) son difíciles
lede = Los mismos { $n } participantes, conectados de tres maneras. Haz clic o toca cualquier nodo para que falle (otra vez para recuperarlo) y mira lo que arrastra consigo. La tabla de abajo califica cada arquitectura según lo que mide la simulación.
skip-1 = Saltar a las redes
skip-2 = Saltar a las calificaciones
skip-3 = Saltar a la línea de tiempo
to-lesson-2 = La siguiente lección: cómo se las arregla una cadena de bloques →
to-lesson-3 = Tiempo y orden →
share-title = archsim: redes cliente-servidor, federadas y entre pares, lado a lado
the-networks = Las tres redes
embed-hint = Haz clic en un nodo para que falle.
embed-views = Mostrar una arquitectura
view-cs = Cliente-servidor
view-fed = Federada
view-p2p = P2P
full-view = Vista completa
    .aria-label = Abrir la vista completa en una pestaña nueva
plots = Gráficas en tiempo virtual de la fracción alcanzable, la parte de entregas tardías o perdidas, la desviación de los relojes y los mensajes por segundo de las tres arquitecturas (cliente-servidor continua, federada discontinua, entre pares punteada); las marcas rojas son fallos y recuperaciones.
drawing = Paneles (PNG)

## Atajos (? los muestra)
key-1 = moverse entre controles; cada red es una sola parada
key-2 = moverse entre sus nodos (Inicio, Fin: el primero, el último)
key-3 = hacer que falle, o recuperarlo
key-4 = reproducir / pausar
key-5 = avanzar 100 ms (en pausa)
key-6 = un segundo atrás (en pausa) / adelante
key-7 = ir al siguiente evento programado
key-8 = hacer fallar los nodos centrales, uno en cada red (otra vez: recuperarlos)
key-9 = reiniciar
key-10 = mostrar u ocultar las estadísticas
key-11 = mostrar u ocultar esta lista; Esc la cierra

## The legend
legend = Leyenda
role = { $role ->
    [server] servidor
    [main-server] servidor principal
    [federated-server] servidor federado
    [client] cliente
   *[peer] par
}
legend-cut = aislado (hueco, discontinuo)
legend-down = caído (gris, ✕)
legend-update = actualización (datos)
legend-announce = un par anuncia / pide
legend-notice = aviso de fallo
legend-heartbeat = latido
legend-clock = sincronización de reloj

## The plots
plot-reachable = Participantes alcanzables
plot-missing = Entregas tardías o perdidas
plot-skew = Desfase máximo de relojes
plot-messages = Mensajes por segundo
plot-per-s = { $v }/s
