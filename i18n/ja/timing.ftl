# 時間の課のページ。

title = 時間と順序
lede = どのコンピューターの時計もずれていき、時刻サーバーが助けになるのはネットワークが許す範囲までで、メッセージは場所ごとに違う順序で届きます。時計とメッセージ、そして支払いを順序づける 5 つの方法が台帳に何をもたらすかを見てください。ノードをクリックまたはタップすると故障します（もう一度で復旧）。
skip-1 = 時計へ移動
skip-2 = 台帳へ移動
skip-3 = タイムラインへ移動
to-lesson-1 = ← 第 1 課
to-lesson-2 = ブロックチェーンの課 →
share-title = archsim: 時間と順序
plots = 到着順、物理時刻順、そして因果関係を守る 3 つの規則をまとめたもので、拒否された支払いと待っている支払いを仮想時間で示すグラフ。赤い印は故障と復旧です。
drawing = 時計とメッセージ（PNG）

## ショートカット（? で一覧）
key-1 = コントロール間を移動。各図は 1 か所で止まります
key-2 = ノードを選ぶ（Home、End: 最初、最後）
key-3 = 選んだノードを故障させる、または復旧する
key-4 = イベントを選ぶ。Esc: 選択を外し、比較をやめる
key-5 = 再生 / 一時停止
key-6 = 1 秒戻る（一時停止）/ 進む
key-7 = 統計を表示 / 非表示
key-8 = この一覧を表示 / 非表示。Esc で閉じます

## 操作
messages-under = 表示する規則
rule-arrival = 到着順
rule-physical = 物理時刻順
rule-lamport = ランポート順
rule-causal = 因果順
rule-sequencer = シーケンサー

## 直近の交換
stratum-one = { $name } はストラタム 1 にあり、ネットワークを介さずに基準時計を直接読みます。
no-exchange = { $name } はまだ交換を終えていません。
exchange = { $name } は最後に { $server } に問い合わせました。自分の時計で t₁ = { $t1 } に送り、{ $server } は自分の時計で t₂ = { $t2 } に受け取り t₃ = { $t3 } に答え、答えは t₄ = { $t4 } に戻りました。よって θ = ((t₂ − t₁) + (t₃ − t₄))/2 = { $theta }、δ = (t₄ − t₁) − (t₃ − t₂) = { $delta } です。本当のずれは { $truth } で、θ の誤差は { $off }、δ/2 = { $half } の範囲内です。

## 経路の遅延
path-group = サーバーまでの経路の遅延
toward-server = サーバーへ
back = 戻り
draw-again = 遅延をもう一度引く
no-sync = この実行では誰も時刻サーバーに問い合わせないので、経路の遅延はどの時計も変えません（設定で同期をオンにしてください）。
fixed-path = 同期メッセージは毎回、サーバーへ { $up } ミリ秒、戻りに { $down } ミリ秒かかります。交換はそれぞれ往復 { $round } ミリ秒を半分ずつに分けるので、ずれを (d↑ − d↓)/2 = { $hop } 読み違え、ストラタムを 1 つ下るごとにそれがまた加わります。基準から { $strata } 回の交換だけ下にいるクライアントは、{ $end } 付近に落ち着きます。
drawn-path = 同期メッセージの遅延は { $min } から { $max } ミリ秒の間で引かれます。スライダーをドラッグすると、往路と復路の遅延を固定できます。

## 図
chosen-none = なし
chosen-down = { $name }（故障中）
chosen-running = { $name }（稼働中）
pick-event = イベント（点）をクリックまたはタップすると、その前後に起きたことが見えます。続けて別のイベントと比べられます（Shift+クリックでも）。
clocks-title = 時計 — ノード { $nodes } 台、サーバーのストラタム { $strata } 段
clocks-stage = ノード { $nodes } 台。矢印キーでノードを選び、Enter で故障または復旧。選択中: { $chosen }。
colours = 色
within-5 = 真の時刻から 5 ミリ秒以内
within-50 = 50 ミリ秒以内
further = それ以上
failed = 故障
free-running = 応答するサーバーがない: 自走中
request = 時刻の問い合わせ (t₁)
answer = サーバーの答え (t₂, t₃)
diagram-title = 時間の中のメッセージ — { $rule }
diagram-stage = 口座保有者とレプリカごとに 1 本の線、直近 { $window } 秒。矢印キーでイベントを選び、Escape で解除。
diagram-view = 表示中のイベント { $events } 件、メッセージ { $messages } 件。
stop-comparing = 比較をやめる
compare = 別のイベントと比べる
a-payment = 支払い
a-notice = 通知、ハートビート、ビーコン
before-chosen = 選んだイベントより前に起きた
after-chosen = その後に起きた

## 台帳
why-arrival = 支払いが届いた順: 遅延のばらつきで Bob の支払いが Alice の支払いを追い越す
why-physical = 支払う人の時計の順、待ち時間の後で: 時計のずれが原因と結果の間隔より大きいと誤る
why-lamport = ランポート時刻の順、全員がそれより後の何かを送った後で: 因果関係を守る全順序だが、全員を待つ
why-causal = 支払いは、支払う人が見ていたすべての支払いを待つ（ベクトル時計）: 全順序はないが、結果が原因より先になることはない
why-sequencer = 1 つのノードがすべての支払いに番号を振る: 単純で、1 ホップ長く、そのノードが止まると何も進まない
ledger-title = 5 つの順序規則のもとでの台帳
ledger-intro = 毎回、Alice が Bob に 10 を支払い、Bob は自分のレプリカにそれが表示されたら Charlie に 10 を支払い、Charlie が Alice に返します。各規則は、同じネットワーク、同じ時計、同じ支払い手の、それぞれ自分の写しの上で動きます。
col-rule = 規則
col-balances = 残高 (Alice · Bob · Charlie)
col-applied = 適用
col-rejected = 拒否
col-short = Bob か Charlie の残高不足
col-disagreeing = 食い違うレプリカ
col-wait = 平均待ち時間
col-inversions = 原因より先の結果
col-waiting = 待機中
percent = { $v } %
ledger-chain = ブロックチェーンは最後の規則にひとひねり加えたものです。シーケンサーはブロックごとに選び直され（リーダー）、チェーンがその中のすべての順序を固定します。

## 理論と並べた測定値
measured-title = 理論と並べた測定値
col-what = 項目
col-run = この実行
col-theory = 理論
col-why = 理由
of = { $total } 件中 { $n } 件
uneven-error = 交換ごとに (d↑ − d↓)/2 = { $error }
within-half = ±δ/2 の範囲内のどこか
bound-label = δ/2 を超えてずれた交換
bound-why = θ が本当のずれから外れるのは往路と復路の遅延の差の半分なので、交換中にノードの時計が戻らない限り往復時間の半分を超えることはありません。これは構成上成り立ち、この数はモデルを確かめています（ステップは、それで損なわれる交換を捨てます）。
error-label = |θ − 本当のずれ|
error-measured = 中央値 { $p50 }、99 パーセンタイル { $p99 }
error-why = 測れるのは往復時間だけで、その分かれ方は測れません。不均等な経路は、交換を何度重ねても消えない誤差を残します。ストラタムごとに、自分の経路の誤差がサーバーの誤差に加わります。
skew-label = 最大の開き
skew-measured = { $max }（現在 { $now }）
skew-theory = 開始時に最大 { $max }
skew-why = 時計は開始時に、ずれの設定値までどちら向きにもずれています。調整は最大でもスルー率までなので、合うまでしばらくかかります。
backwards-label = 戻された時計
backwards-slewed = 0（スルー調整）
backwards-stepped = 進んでいた時計を直すたびに 1 回
backwards-why = スルー調整された時計は遅くなったり速くなったりするだけですが、ステップ調整された時計は跳びます。後ろに跳ぶと、後のイベントが前の時刻を持つことになります。
free-label = 自走中
free-theory = 最大 { $ppm } ppm のドリフト: 1 分で { $minute }
free-why = 両方のサーバーが応答しなくなったノードは自分の時刻で動き、発振器のドリフトが積み重なります。
lamport-label = a → b なのに L(a) ≥ L(b)
lamport-measured = { $n }（{ $checked } 件のイベントのすべての組と、すべてのメッセージ）
lamport-why = 各規則の最初の 1024 件のイベントについてメッセージをたどって「先に起きた」関係を求め、ランポートの時計条件と照らし合わせます。さらに、受け取ったすべてのメッセージで条件を確かめます。
vector-label = V(a) < V(b) が a → b と一致しない
vector-why = ベクトル時計は、どのイベントがどのイベントに影響しえたかを正確に示します。
concurrent-label = 並行なイベントの組
concurrent-why = どちらも相手より先には起きていません。ランポート時刻はそれでも順序をつけますが、ベクトル時計はつけません。

## 設定
corrected-by = 時計の補正方法
slewing = スルー調整（戻らない）
stepping = ステップ調整（戻りうる）
set-up = サーバーへの遅延（ミリ秒、空欄で抽選）
set-down = …と戻り（ミリ秒）
set-latency = メッセージの遅延（ミリ秒）
set-drift = ドリフト、最大（ppm）
set-offset = 開始時のずれ、最大（ミリ秒）
set-sync = サーバーに問い合わせる間隔（秒）
set-nodes = ノード数
set-strata = サーバーのストラタム数
set-replicas = レプリカ数
set-accounts = 口座保有者数
set-pps = 毎秒のその他の支払い
set-seed = シード
applying-keeps = 適用しても、それまでの故障と現在の時点は保たれます。

## 状態の行と図の言葉
status-skew = 現在の開き { $skew } ミリ秒: 動いている時計どうしの開きです。
status-down = 故障中: { $nodes }。
status-free = 応答するサーバーがなく自走しているノード: { $n } 台。
ref-short = 真の時刻
ref-long = ストラタム 0: 基準（真の時刻）
diagram-now = 現在。直近 { $window } 秒 →
clock-tree = 時計の木
space-time = 時空図

## A chosen event, and two compared
flight-request = t₁ = { $t }
flight-answer = t₂ = t₃ = { $t }
chosen-event = { $node } のイベント、L = { $l }、V = [{ $v }]。表示中の { $all } 個のイベントのうち、{ $before } 個はこれより前に起き (ベクトルがこのイベントのものより小さい)、{ $after } 個は後に起き、{ $concurrent } 個はこれと並行です: ランポート時刻が何を示そうと、互いに影響しえません。{ $cause }
why = 青いイベントが先だった理由を、一歩ずつさかのぼると: { $steps }。以下同様。
why-received = L { $l } の { $node } は、L { $sent } で送られた { $from } のメッセージを受け取った
why-after = L { $l } の { $node } は、L { $before } の自分のイベントの後に来た
comparing-from = { $node } の L { $l } のイベント (丸印) から比較中: もう一つイベントを選んでください。
compare-head = a ({ $a } の L { $la } のイベント、{ $shown ->
    [yes] 丸印
   *[no] もう表示範囲外
}) と b ({ $b } の L { $lb } のイベント) の比較:
concurrent = { $head } a ∥ b、並行。V(a) = { $a }、V(b) = { $b }: どちら向きにもメッセージの連鎖でつながっていないので、互いに影響しえません。{ $lamport }
counts-more = { $v } のほうが { $node } のイベントを多く数えている ({ $x } > { $y })
lamport-still = ランポート時刻はそれでも L { $la } { $cmp } L { $lb } と順序をつけます: ランポート時刻が小さくても原因にはなりません。
happened-before = { $head } { $x } → { $y }、{ $x } は { $y } より前に起きた: { $chain }
below = V({ $x }) = { $vx } は V({ $y }) = { $vy } より小さい。
same-node = どちらも { $node } 上で、順に起きた ({ $x } が L { $lx }、次に { $y } が L { $ly })。
came-first = { $x } が { $node } で先に起きた (L { $l })
hop = L { $sent } で送られた { $from } のメッセージが L { $at } で { $to } に届いた
came-after = { $y } はその後 { $node } で起きた (L { $l })
hops = { $steps }。

## The event log
log-failed = { $node } が障害
log-recovered = { $node } が復旧
dropped = 操作を一つ取り除きました: この実行にノード「{ $node }」はありません。
said-node = { $what }。
node-down = ダウン
no-event = イベントは選ばれていません。

## The exported drawing
drawing-heading = archsim、タイミングと順序 — t = { $t }
drawing-clocks = 時計
drawing-diagram = プロセスごとに 1 本の線、時間は右へ。各イベントにはランポート時刻を付記。
drawing-before = 前に起きた
drawing-after = 後に起きた

## The plots
plot-rejected = 拒否された支払い
plot-waiting = 待機中の支払い
plot-rest = ランポート順、因果順、シーケンサー
