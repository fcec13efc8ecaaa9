# Las palabras del recorrido de la lección de tiempo (el inglés: i18n/en/tour/timing.ftl).
title = Por qué el tiempo y el orden son difíciles

step-1-title = Todo reloj deriva
step-1-text = Cada nodo lleva la hora con su propio oscilador de cuarzo. Aquí cada uno arrancó hasta 100 ms desviado de la hora real y adelanta o atrasa hasta 50 partes por millón. La línea de estado da la desviación: cuánto difieren ahora mismo las lecturas de los relojes.
step-1-done = Los relojes empiezan muy separados: la desviación es la dispersión de la línea de estado.

step-2-title = Preguntar a un servidor de hora
step-2-text = Cada 16 s cada nodo pide la hora a cada uno de sus dos servidores, con cuatro marcas de tiempo (el recuadro bajo los relojes detalla el último intercambio). El viaje de ida y vuelta δ se conoce; cómo se repartió entre la ida y la vuelta, no, así que el desfase θ puede errar hasta δ/2, y nunca más.
step-2-done = Veinte intercambios, ninguno errado en más de la mitad de su ida y vuelta.

step-3-title = Se frena, nunca se atrasa de golpe
step-3-text = Un nodo cuyo reloj va adelantado lo frena (como mucho 500 partes por millón, como hace adjtime) en vez de atrasarlo: deshacer 100 ms de adelanto lleva más de tres minutos, y un servidor debe asentarse antes de que puedan hacerlo sus clientes. A los diez minutos los relojes se han juntado, y ni uno solo ha ido hacia atrás.
step-3-done = Los relojes están a unas pocas decenas de milisegundos, y ninguno se atrasó de golpe.

step-4-title = Saltar hace que el tiempo vaya hacia atrás
step-4-text = La misma ejecución, pero ahora cada corrección fija el reloj de inmediato. Un reloj que iba adelantado salta hacia atrás: un suceso posterior al salto puede llevar una hora anterior a la de uno previo, y todo lo que se ordene por esas horas sale mal.
step-4-done = Un reloj se atrasó de golpe.

step-5-title = Un camino desigual
step-5-text = Ahora los mensajes tardan 10 ms hacia un servidor y 50 ms de vuelta, siempre, y los relojes no derivan. La ida y vuelta es de 60 ms, pero el intercambio no puede ver cómo se reparte: Alice acaba exactamente (10 − 50)/2 = 20 ms atrasada, por más que pregunte.
step-5-done = El reloj de Alice va 20 ms atrasado, como dice la asimetría.

step-6-title = Bob paga antes de cobrar
step-6-text = Alice paga a Bob; cuando su réplica muestra el dinero, Bob paga a Charlie. Los mensajes tardan entre 10 y 120 ms, así que el pago de Bob puede llegar a una réplica antes que el de Alice: aplicado por orden de llegada, allí a Bob le faltan fondos y el pago se rechaza, mientras que su propia réplica lo aceptó. Las réplicas ya no coinciden. Las tres reglas que respetan la causalidad nunca lo permiten.
step-6-done = Por orden de llegada una réplica rechazó el pago de Bob o de Charlie, y los libros de las réplicas difieren; ninguna otra regla lo permitió.

step-7-title = Ordenar por el reloj
step-7-text = Ahora los relojes arrancan hasta 2 s separados y nadie pregunta a un servidor de hora, y tres titulares más se pagan entre sí cinco veces por segundo. Ordenar los pagos por el reloj de quien paga pone un pago marcado por un reloj lento antes del pago que lo financió: un efecto antes de su causa.
step-7-done = El reloj de quien paga puso un efecto antes de su causa.

step-8-title = Un nodo que los numera
step-8-text = Un secuenciador (R0) numera cada pago, y todos los aplican por número: sencillo y siempre en orden. Hazlo fallar (o pulsa Muéstramelo): con esa regla nada se mueve, mientras la entrega causal sigue en las demás réplicas. Una cadena de bloques elige un nuevo secuenciador, el líder del bloque, para cada bloque.
step-8-done = Con el secuenciador caído, su libro se detiene; los demás siguen.
