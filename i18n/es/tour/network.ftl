# Las palabras del recorrido de la lección de redes (el inglés: i18n/en/tour/network.ftl).
title = Por qué los sistemas distribuidos son difíciles

step-1-title = Tres formas de conectar a las mismas personas
step-1-text = Los mismos 24 participantes, conectados de tres formas. En cliente-servidor cada actualización pasa por un único servidor. Los servidores federados reparten los clientes entre cuatro servidores, unidos entre sí y a uno principal. Entre pares no hay servidor alguno: cada par pasa las actualizaciones a unos pocos vecinos, y estos las pasan a su vez.

step-2-title = Haz fallar el servidor
step-2-text = Haz clic en el servidor del panel cliente-servidor, S0 (o pulsa Muéstramelo). Mira lo que hace un solo fallo: ningún cliente puede llegar a ningún otro.
step-2-done = Todos los clientes quedan aislados. Un solo nodo sostenía toda la red.

step-3-title = Haz fallar un servidor federado
step-3-text = Ahora haz fallar F1, uno de los servidores federados. Solo sus propios clientes pierden a los demás: el resto sigue intercambiando actualizaciones.
step-3-done = Los seis clientes de F1 quedan aislados; los otros dieciocho siguen adelante.

step-4-title = Haz fallar un par
step-4-text = Haz fallar el par P0. Sus vecinos simplemente reciben las actualizaciones de sus otros vecinos: nadie más queda aislado.
step-4-done = Un par menos, y todos los pares que quedan siguen siendo alcanzables.

step-5-title = Haz fallar un tercio de los pares
step-5-text = Aquí han fallado, uno tras otro, ocho de los 24 pares. En esta red todos los pares que quedan siguen conectados con los demás, y las actualizaciones siguen fluyendo: ningún par dependía de uno solo de ellos.

step-6-title = ¿Qué tan difícil es cada desafío?
step-6-text = La tabla califica cada arquitectura en los tres desafíos de la lección, a partir de lo que mide la simulación. Entre pares es la más difícil en los tres: cada par encamina, cada uno recibe actualizaciones de varias fuentes, y los pares solo se tienen unos a otros para llevar la hora, así que sus relojes son los que más se separan. Y sin embargo es la única en la que ningún fallo aislado deja a nadie sin conexión.

step-7-title = Tiempo: los relojes se separan
step-7-text = Aquí cada reloj adelanta o atrasa hasta un 0,5 %. Los servidores federados mantienen los relojes de sus clientes dentro de lo que permite la sincronización; los pares solo se tienen unos a otros y se separan más. Sigue mirando: el servidor de cliente-servidor falla a los 8 s, y los relojes de sus clientes también rebasan ese límite.
step-7-done = Sin el servidor, los relojes de sus clientes se separan más de lo que permitiría la sincronización.

step-8-title = Tiempo: los órdenes difieren
step-8-text = Sin un servidor que ponga las actualizaciones en orden, los pares aplican las mismas actualizaciones en órdenes distintos, según las van recibiendo (la columna «Out of order»). Los clientes del servidor ven todos un mismo orden.

step-9-title = Entonces, ¿por qué las cadenas de bloques eligen entre pares?
step-9-text = Porque ningún fallo aislado puede detenerla, y no hay que confiar en nadie para que lleve el servidor. El precio se paga en los tres desafíos. La lección siguiente (el enlace al final de la sección resaltada) muestra cómo se las arregla una cadena de bloques: líderes, bloques, bifurcaciones y la cadena más larga.
