# Las palabras que comparten todas las páginas: el marco, la línea de tiempo, compartir, las
# estadísticas, los atajos.

## Tiempos y velocidades
time-ms = { $v } ms
time-s = { $v } s
time-min-s = { $min } min { $s } s
time-h-min = { $h } h { $min } min
speed = { $v }×

## El marco
brand = archsim
skip-to = Saltar a
take-tour = Hacer el recorrido
write-tour = Escribir un recorrido
embed-tour = Recorrido
open-full = Abrir la vista completa ↗
    .title = Abrir la vista completa
language = Idioma
fatal = archsim encontró un error interno y se detuvo. Recarga la página para empezar de nuevo. Detalles: { $details }
could-not-build = No se pudo construir el escenario ({ $why }); se muestra el predeterminado.
language-unavailable = No se pudo cargar { $language } ({ $why }); la página está en inglés.

## El aviso del enlace
link-problems = Este enlace tenía problemas, así que una parte no se usó:
dismiss = Cerrar

## Compartir
share-summary = Compartir este escenario
share-link = Enlace (la barra de direcciones también lo tiene siempre)
copy-link = Copiar enlace
share-embed = Código para insertar en una página del curso
copy-embed = Copiar código
copied = Copiado ✓
press-to-copy = Seleccionado: pulsa Ctrl+C (⌘C) para copiar

## La línea de tiempo
timeline = Línea de tiempo
timeline-time = Tiempo
time-of = { $now } de { $end }
time-slash = { $now } / { $end }
back-1s = ◀ 1 s atrás
    .title = Pausa y retrocede un segundo
whole-run = Toda la ejecución
last-5-min = Últimos 5 min
next-event = Siguiente evento ▶
rewind-note = Arrastra hacia atrás para rebobinar: el estado anterior se recrea exactamente repitiendo la ejecución. Actuar después de rebobinar empieza una historia nueva desde ese momento (las acciones posteriores se descartan, y el enlace cambia con ellas).
log-filter = Registro de eventos: filtrar por nodo
events-shown = { $shown } de { $total ->
    [one] { $total } evento
   *[other] { $total } eventos
}
events-list = Eventos, del más reciente al más antiguo: una parada para la tecla Tab; las flechas se mueven entre ellos
go-to-moment = Ir a este momento
export = Exportar
export-label = Exportar:
export-plots = Gráficas (PNG)
export-csv = Métricas (CSV)
export-json = Métricas (JSON)
export-scenario = Escenario (JSON)
plot-mark = fallo o recuperación
plot-end = { $end } (tiempo virtual)

## Teclas
said-back = Un segundo atrás, en pausa: t = { $t }.
said-forward = Un segundo adelante: t = { $t }.
said-stats-shown = Estadísticas visibles.
said-stats-hidden = Estadísticas ocultas.
shortcuts-title = Atajos de teclado
close = Cerrar

## Estadísticas
stats = Estadísticas de rendimiento
stats-work = trabajo por fotograma { $p50 } ms (p95 { $p95 })
stats-fps = { $fps } fps
stats-events = { $rate } eventos simulados/s
stats-in-flight = { $n ->
    [one] { $n } mensaje en tránsito
   *[other] { $n } mensajes en tránsito
}

## Controles de todas las páginas
controls = Controles de la simulación
play = ▶ Reproducir
pause = ❚❚ Pausa
speed-label = Velocidad
stats-button = Estadísticas
shortcuts-button = Atajos (?)
clock = t = { $t }
settings = Ajustes
apply = Aplicar
