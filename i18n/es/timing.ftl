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

## Controles
messages-under = Mensajes según
rule-arrival = llegada
rule-physical = física
rule-lamport = lamport
rule-causal = causal
rule-sequencer = secuenciador

## El último intercambio
stratum-one = { $name } está en el estrato 1: lee directamente el reloj de referencia, sin red de por medio.
no-exchange = { $name } aún no ha completado ningún intercambio.
exchange = { $name } preguntó por última vez a { $server }: envió en t₁ = { $t1 } según su reloj; { $server } lo recibió en t₂ = { $t2 } y respondió en t₃ = { $t3 } según el suyo; la respuesta volvió en t₄ = { $t4 }. Así, θ = ((t₂ − t₁) + (t₃ − t₄))/2 = { $theta } y δ = (t₄ − t₁) − (t₃ − t₂) = { $delta }. El desfase real era { $truth }: θ se equivocó en { $off }, dentro de δ/2 = { $half }.

## Los retardos del camino
path-group = Los retardos del camino hasta un servidor
toward-server = Hacia el servidor
back = De vuelta
draw-again = Sortear los retardos de nuevo
no-sync = En esta ejecución nadie pregunta a un servidor de hora, así que los retardos del camino no cambian ningún reloj (activa la sincronización en los ajustes).
fixed-path = Cada mensaje de sincronización tarda { $up } ms hacia un servidor y { $down } ms de vuelta: cada intercambio reparte a partes iguales su ida y vuelta de { $round } ms, así que lee mal el desfase en (d↑ − d↓)/2 = { $hop }, y cada estrato hacia abajo lo suma otra vez: los clientes, { $strata } intercambios por debajo de la referencia, acaban cerca de { $end }.
drawn-path = El retardo de cada mensaje de sincronización se sortea entre { $min } y { $max } ms. Arrastra un control para fijar en su lugar los retardos de ida y de vuelta.

## Los dibujos
chosen-none = ninguno
chosen-down = { $name }, caído
chosen-running = { $name }, en marcha
pick-event = Haz clic o toca un evento (un punto) para ver lo que ocurrió antes y después de él; luego compáralo con otro (o haz mayúsculas+clic en uno).
clocks-title = Los relojes — { $nodes } nodos, { $strata ->
    [one] { $strata } estrato
   *[other] { $strata } estratos
} de servidores
clocks-stage = { $nodes } nodos. Las flechas eligen un nodo; Intro lo hace fallar o lo recupera. Elegido: { $chosen }.
colours = Colores
within-5 = a menos de 5 ms de la hora real
within-50 = a menos de 50 ms
further = más lejos
failed = caído
free-running = ningún servidor responde: va por libre
request = una petición de la hora (t₁)
answer = la respuesta del servidor (t₂, t₃)
diagram-title = Mensajes en el tiempo — { $rule }
diagram-stage = Una línea por titular de cuenta y por réplica, los últimos { $window } s. Las flechas eligen un evento; Escape, ninguno.
diagram-view = { $events ->
    [one] { $events } evento
   *[other] { $events } eventos
} y { $messages ->
    [one] { $messages } mensaje
   *[other] { $messages } mensajes
} a la vista.
stop-comparing = Dejar de comparar
compare = Comparar con otro evento
a-payment = un pago
a-notice = un aviso, latido o baliza
before-chosen = ocurrió antes del evento elegido
after-chosen = ocurrió después

## El libro de cuentas
why-arrival = según llega cada pago: retardos desiguales dejan que el pago de Bob adelante al de Alice
why-physical = según el reloj del pagador, tras una espera: falla cuando los relojes difieren más que el intervalo entre causa y efecto
why-lamport = según el tiempo de Lamport, cuando cada pagador ha enviado algo posterior: un orden total que respeta la causalidad, pero espera a todos
why-causal = un pago espera a todos los pagos que su pagador había visto (relojes vectoriales): sin orden total, pero nunca un efecto antes de su causa
why-sequencer = un nodo numera cada pago: sencillo, un salto más largo, y nada avanza mientras está caído
ledger-title = El libro de cuentas con cinco reglas de orden
ledger-intro = En cada ronda, Alice paga 10 a Bob; Bob, en cuanto su réplica lo muestra, paga 10 a Charlie; luego Charlie le devuelve el pago a Alice. Cada regla corre sobre su propia copia de la misma red, los mismos relojes y los mismos pagadores.
col-rule = Regla
col-balances = Saldos (Alice · Bob · Charlie)
col-applied = Aplicados
col-rejected = Rechazados
col-short = Bob o Charlie sin fondos
col-disagreeing = Réplicas en desacuerdo
col-wait = Espera media
col-inversions = Efecto antes que la causa
col-waiting = En espera
percent = { $v } %
ledger-chain = Una cadena de bloques es la última regla con un giro: el secuenciador se elige de nuevo para cada bloque (el líder), y la cadena fija el orden de todo lo que contiene.

## Medido junto a la teoría
measured-title = Medido junto a la teoría
col-what = Qué
col-run = Esta ejecución
col-theory = Teoría
col-why = Por qué
of = { $n } de { $total }
uneven-error = (d↑ − d↓)/2 = { $error } en cada intercambio
within-half = en cualquier punto dentro de ±δ/2
bound-label = Intercambios desviados más de δ/2
bound-why = θ falla el desfase real en la mitad de la diferencia entre los retardos de ida y de vuelta, así que nunca en más de la mitad de la ida y vuelta mientras el reloj del nodo no retroceda durante el intercambio: se cumple por construcción, y el recuento comprueba el modelo (un salto descarta los intercambios que estropearía).
error-label = |θ − desfase real|
error-measured = mediana { $p50 }, percentil 99 { $p99 }
error-why = Solo se mide la ida y vuelta, no cómo se reparte: un camino desigual deja un error que ningún número de intercambios elimina. Cada estrato suma el error de su propio camino al de su servidor.
skew-label = Mayor desviación
skew-measured = { $max } (ahora { $now })
skew-theory = hasta { $max } al principio
skew-why = Los relojes empiezan desviados hasta el ajuste de desfase, en cualquier sentido; corrigiendo como mucho al ritmo de ajuste, un reloj tarda un rato en alcanzar la hora.
backwards-label = Relojes atrasados de golpe
backwards-slewed = 0 (ajuste gradual)
backwards-stepped = uno por cada corrección de un reloj que iba adelantado
backwards-why = Un reloj con ajuste gradual se frena o se acelera; uno con saltos salta, y un salto hacia atrás hace que un evento posterior lleve una hora anterior.
free-label = Por libre
free-theory = con deriva de hasta { $ppm } ppm: { $minute } por minuto
free-why = Un nodo cuyos dos servidores dejaron de responder sigue su propia hora, y la deriva de su oscilador se acumula.
lamport-label = a → b, y aun así L(a) ≥ L(b)
lamport-measured = { $n } (cada par entre { $checked } eventos, y cada mensaje)
lamport-why = La relación «ocurrió antes» se calcula siguiendo los mensajes durante los primeros 1024 eventos de cada regla, frente a la condición de reloj de Lamport; y la condición se comprueba en cada mensaje recibido.
vector-label = V(a) < V(b) no coincide con a → b
vector-why = Los relojes vectoriales dicen exactamente qué eventos pudieron afectar a cuáles.
concurrent-label = Pares de eventos concurrentes
concurrent-why = Ninguno ocurrió antes que el otro: los tiempos de Lamport los ordenan igualmente; los relojes vectoriales, no.

## Ajustes
corrected-by = Los relojes se corrigen
slewing = gradualmente (nunca hacia atrás)
stepping = a saltos (pueden ir hacia atrás)
set-up = Retardo hacia los servidores (ms; vacío: sorteado)
set-down = …y de vuelta (ms)
set-latency = Retardo de los mensajes (ms)
set-drift = Deriva, hasta (ppm)
set-offset = Desfase inicial, hasta (ms)
set-sync = Preguntar a los servidores cada (s)
set-nodes = Nodos
set-strata = Estratos de servidores
set-replicas = Réplicas
set-accounts = Titulares de cuenta
set-pps = Otros pagos por segundo
set-seed = Semilla
applying-keeps = Aplicar conserva los fallos hasta ahora, y el momento.

## La línea de estado y las palabras de los dibujos
status-skew = Desviación actual { $skew } ms: es lo que abarcan los relojes en marcha.
status-down = Caídos: { $nodes }.
status-free = { $n ->
    [one] { $n } nodo no tiene ningún servidor que responda y va por libre.
   *[other] { $n } nodos no tienen ningún servidor que responda y van por libre.
}
ref-short = hora real
ref-long = estrato 0: la referencia (hora real)
diagram-now = ahora; los últimos { $window } s →
clock-tree = árbol de relojes
space-time = diagrama espacio-tiempo

## A chosen event, and two compared
flight-request = t₁ = { $t }
flight-answer = t₂ = t₃ = { $t }
chosen-event = Evento de { $node }, L = { $l }, V = [{ $v }]. De los { $all } eventos a la vista, { $before } ocurrieron antes que él (sus vectores están por debajo del suyo), { $after } después, y { $concurrent } son concurrentes con él: ninguno pudo afectar al otro, digan lo que digan sus tiempos de Lamport.{ $cause }
why = Por qué los azules ocurrieron antes, paso a paso hacia atrás: { $steps }; y así sucesivamente.
why-received = { $node } en L { $l } recibió el mensaje de { $from } enviado en L { $sent }
why-after = { $node } en L { $l } vino después de su propio evento en L { $before }
comparing-from = Comparando desde el evento de { $node } en L { $l } (marcado con un anillo): ahora elige otro evento.
compare-head = Comparando a, el evento de { $a } en L { $la } ({ $shown ->
    [yes] marcado con un anillo
   *[no] ya fuera de la vista
}), con b, el de { $b } en L { $lb }:
concurrent = { $head } a ∥ b, concurrentes. V(a) = { $a }, V(b) = { $b }: ninguna cadena de mensajes los une en ningún sentido, así que ninguno pudo afectar al otro.{ $lamport }
counts-more = { $v } cuenta más eventos de { $node } ({ $x } > { $y })
lamport-still = Sus tiempos de Lamport aún los ordenan, L { $la } { $cmp } L { $lb }: un tiempo de Lamport menor no hace una causa.
happened-before = { $head } { $x } → { $y }, { $x } ocurrió antes que { $y }: { $chain }
below = V({ $x }) = { $vx } está por debajo de V({ $y }) = { $vy }.
same-node = ambos están en { $node }, uno tras otro ({ $x } en L { $lx }, luego { $y } en L { $ly }).
came-first = { $x } vino primero en { $node } (L { $l })
hop = el mensaje de { $from } enviado en L { $sent } llegó a { $to } en L { $at }
came-after = { $y } vino después en { $node } (L { $l })
hops = { $steps }.

## The event log
log-failed = { $node } falló
log-recovered = { $node } se recuperó
dropped = Se descartó una acción: esta ejecución no tiene el nodo «{ $node }».
said-node = { $what }.
node-down = caído
no-event = Ningún evento elegido.

## The exported drawing
drawing-heading = archsim, tiempo y orden — t = { $t }
drawing-clocks = Los relojes
drawing-diagram = Una línea por proceso, el tiempo hacia la derecha; cada evento lleva su tiempo de Lamport.
drawing-before = ocurrió antes
drawing-after = ocurrió después

## The plots
plot-rejected = Pagos rechazados
plot-waiting = Pagos en espera
plot-rest = lamport, causal, secuenciador
