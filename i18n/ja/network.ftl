# 第 1 課のページ: クライアント・サーバー、フェデレーション、P2P を並べて。

title = 分散システム（とブロックチェーン）はなぜ難しいのか
lede = 同じ { $n } 人の参加者を、3 通りにつなぎます。どれかのノードをクリックまたはタップすると故障します（もう一度で復旧）。何が巻き添えになるかを見てください。下の表は、シミュレーションが測った値から各アーキテクチャを評価します。
skip-1 = ネットワークへ移動
skip-2 = 評価へ移動
skip-3 = タイムラインへ移動
to-lesson-2 = 次の課: ブロックチェーンはどう対処するか →
to-lesson-3 = 時間と順序 →
share-title = archsim: クライアント・サーバー、フェデレーション、P2P ネットワークを並べて
the-networks = 3 つのネットワーク
embed-hint = ノードをクリックすると故障します。
embed-views = アーキテクチャを 1 つ表示
view-cs = クライアント・サーバー
view-fed = フェデレーション
view-p2p = P2P
full-view = 全画面
    .aria-label = 新しいタブで全画面を開く
plots = 3 つのアーキテクチャについて、到達できる割合、遅れたか届かなかった配送の割合、時計のずれ、毎秒のメッセージ数を仮想時間で示すグラフ（クライアント・サーバーは実線、フェデレーションは破線、P2P は点線）。赤い印は故障と復旧です。
drawing = パネル（PNG）

## ショートカット（? で一覧）
key-1 = コントロール間を移動。各ネットワークは 1 か所で止まります
key-2 = ノード間を移動（Home、End: 最初、最後）
key-3 = 故障させる、または復旧する
key-4 = 再生 / 一時停止
key-5 = 100 ミリ秒進める（一時停止中）
key-6 = 1 秒戻る（一時停止）/ 進む
key-7 = 次の予定イベントへ移動
key-8 = 各ネットワークのハブを 1 つずつ故障させる（もう一度で復旧）
key-9 = リセット
key-10 = 統計を表示 / 非表示
key-11 = この一覧を表示 / 非表示。Esc で閉じます

## The legend
legend = 凡例
role = { $role ->
    [server] サーバー
    [main-server] メインサーバー
    [federated-server] フェデレーションサーバー
    [client] クライアント
   *[peer] ピア
}
legend-cut = 切り離し (中空、破線)
legend-down = 障害 (灰色、✕)
legend-update = 更新 (データ)
legend-announce = ピアの告知 / 要求
legend-notice = 障害の知らせ
legend-heartbeat = ハートビート
legend-clock = 時計の同期

## The plots
plot-reachable = 到達可能な参加者
plot-missing = 遅延・欠落した配信
plot-skew = 時計の最大のずれ
plot-messages = 毎秒のメッセージ数
plot-per-s = { $v }/秒
