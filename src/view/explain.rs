//! The short explanations beside the simulation, in the project's own words.

use yew::prelude::*;

/// What the three architectures and the three challenges are, and why blockchains pick the
/// hardest one.
#[function_component]
pub fn Explain() -> Html {
    html! {
        <section class="explain" aria-labelledby="explain-title">
            <h2 id="explain-title">{ "What you are looking at" }</h2>
            <div class="explain-grid">
                <div>
                    <h3>{ "Three ways to connect the same people" }</h3>
                    <dl>
                        <dt>{ "Client-server" }</dt>
                        <dd>{ "Every client talks to one server. The server orders all data and keeps the only clock that matters. Simple — until it stops." }</dd>
                        <dt>{ "Federated servers" }</dt>
                        <dd>{ "Several servers, each with its own clients, relay to each other through a main server. One server failing strands only its own clients." }</dd>
                        <dt>{ "Peer-to-peer" }</dt>
                        <dd>{ "No server at all. Each peer links to a few others and passes news on. Nobody is in charge, so nobody's failure is fatal." }</dd>
                    </dl>
                </div>
                <div>
                    <h3>{ "Three challenges the table measures" }</h3>
                    <dl>
                        <dt>{ "Network architecture" }</dt>
                        <dd>{ "How many links the network needs, how many nodes must pass on data for others, and how many messages one update costs." }</dd>
                        <dt>{ "Node data liveliness" }</dt>
                        <dd>{ "Knowing who is alive and whether everyone has the latest data: how long updates take to reach everyone, and how many nodes are behind." }</dd>
                        <dt>{ "Timing" }</dt>
                        <dd>{ "Agreeing on the time and on the order things happened: clock skew, updates seen in different orders, and whether any clock is the reference." }</dd>
                    </dl>
                </div>
                <div class="punchline">
                    <h3>{ "Why blockchains choose the hard one" }</h3>
                    <p>{ "Peer-to-peer rates high on all three challenges — and it is the only architecture where no single failure cuts anyone else off, and no single party decides. A ledger shared by people who do not trust each other needs exactly that, so blockchains accept the difficulty and solve it with consensus protocols." }</p>
                    <p class="hint">{ "Try it: press “Fail the hub” and compare the three panels." }</p>
                </div>
            </div>
        </section>
    }
}
