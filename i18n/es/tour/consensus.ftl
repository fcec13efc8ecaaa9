# Las palabras del recorrido de la lección de consenso (el inglés: i18n/en/tour/consensus.ftl).
title = Cómo se las arregla una cadena de bloques entre pares

step-1-title = Líderes y ranuras
step-1-text = El tiempo se corta en ranuras de un segundo. En cada ranura cada par participa en un sorteo ponderado por su participación; quien gana es el líder de esa ranura y puede añadir un bloque a la cadena que sigue. Fíjate en el destello del primer líder.
step-1-done = Un líder hizo un bloque. Ahora tiene que llegar a todos.

step-2-title = Un bloque se propaga
step-2-text = Un par avisa a sus vecinos de su nueva punta; cada uno pide el bloque, lo comprueba y avisa a sus propios vecinos. En menos de un segundo, el 95 % de los pares lo tienen y lo siguen como su punta.
step-2-done = Un bloque llegó al 95 % de los pares.

step-3-title = Una batalla de ranura
step-3-text = Aquí cada ranura tiene la misma probabilidad de tener líder que de no tenerlo (f = 0,5), así que algunas tienen dos. Dos líderes de una misma ranura hacen cada uno un bloque a la misma altura, y dos colores se propagan a la vez. Cada par se queda con el bloque de valor más bajo, así que los que tomaron primero el otro cambian: una reversión de un bloque.
step-3-done = Dos líderes de una ranura, y los pares se quedaron con un bloque: una batalla de ranura.

step-4-title = Una batalla de altura en enlaces lentos
step-4-text = Ahora los enlaces tardan hasta segundo y medio. Puede que un líder aún no haya recibido el último bloque, así que construye a su lado en vez de encima: una batalla de altura. Ninguna regla de desempate lo evita; solo enlaces más rápidos, o líderes más espaciados (ranuras más largas, un f menor). Aquí los empates se resuelven con la regla de Praos tal como se publicó, el valor de bloque más bajo; la regla de Cardano desde Conway compara valores solo entre puntas separadas como mucho cinco ranuras.
step-4-done = Un líder construyó junto a un bloque que aún no había recibido.

step-5-title = Parte la red
step-5-text = Parte los pares en dos mitades (pulsa Muéstramelo, pulsa P o arrastra una línea a través de la red). Cada mitad sigue haciendo bloques en su propia cadena, con su propio color.
step-5-done = Dos mitades, dos cadenas: una bifurcación por partición.

step-6-title = Reúnela
step-6-text = Las mitades llevan dos minutos separándose. Reúne la red: los pares intercambian sus puntas, y el lado con la cadena más corta revierte, descartando más de un bloque a la vez; si las dos cadenas resultan igual de largas, decide el desempate (aquí gana el valor VRF más bajo) y el lado que pierde revierte igualmente. Un color se impone en segundos.
step-6-done = Todos los pares vuelven a seguir una sola cadena.

step-7-title = ¿Qué profundidad es segura?
step-7-text = Un pago está a salvo cuando está enterrado tan hondo que es muy improbable que una cadena rival lo adelante. Aquí P0 tiene el 30 % de la potencia de cálculo y lleva seis horas minando cadenas privadas para revertir pagos que los comerciantes aceptaron tras 3 confirmaciones. Su cadena alcanzó a la otra en cerca de un tercio de sus cuarenta y pico carreras, una décima arriba o abajo por azar —como predice la fórmula del artículo de Bitcoin para el 30 % y 3 bloques—, y los pares honestos han descartado de una vez más bloques de los que espera un comerciante. Frente a un 30 %, tres bloques distan mucho de ser seguros.
