# すべてのページが共有する言葉：枠、タイムライン、共有、統計、ショートカット。

## 時間と速さ
time-ms = { $v } ミリ秒
time-s = { $v } 秒
time-min-s = { $min } 分 { $s } 秒
time-h-min = { $h } 時間 { $min } 分
speed = { $v }×

## 枠
brand = archsim
skip-to = 移動先
take-tour = ツアーを始める
write-tour = ツアーを書く
embed-tour = ツアー
open-full = 全画面で開く ↗
    .title = 全画面で開く
language = 言語
fatal = archsim で内部エラーが起きたため停止しました。ページを再読み込みしてやり直してください。詳細: { $details }
could-not-build = シナリオを作れませんでした（{ $why }）。既定のシナリオを表示しています。
language-unavailable = { $language } を読み込めませんでした（{ $why }）。ページは英語で表示されます。

## リンクの通知
link-problems = このリンクには問題があったため、一部を使いませんでした:
dismiss = 閉じる

## 共有
share-summary = このシナリオを共有
share-link = リンク（アドレスバーにも常に入っています）
copy-link = リンクをコピー
share-embed = 講義ページに埋め込むコード
copy-embed = 埋め込みコードをコピー
copied = コピーしました ✓
press-to-copy = 選択しました。Ctrl+C（⌘C）でコピーしてください

## タイムライン
timeline = タイムライン
timeline-time = 時刻
time-of = { $end } 中 { $now }
time-slash = { $now } / { $end }
back-1s = ◀ 1 秒戻る
    .title = 一時停止して 1 秒戻ります
whole-run = 全体
last-5-min = 直近 5 分
next-event = 次のイベント ▶
rewind-note = 後ろへドラッグすると巻き戻せます。以前の状態は実行を再生して正確に作り直されます。巻き戻した後に操作すると、その時点から新しい履歴が始まります（以後の操作は捨てられ、リンクもそれに従います）。
log-filter = イベントログ — ノードで絞り込む
events-shown = { $total } 件中 { $shown } 件のイベント
events-list = 新しい順のイベント: Tab キーでは一度だけ止まり、矢印キーで移動します
go-to-moment = この時点へ移動
export = 書き出し
export-label = 書き出し:
export-plots = グラフ（PNG）
export-csv = 指標（CSV）
export-json = 指標（JSON）
export-scenario = シナリオ（JSON）
plot-mark = 故障または復旧
plot-end = { $end }（仮想時間）

## キー
said-back = 1 秒戻って一時停止: t = { $t }。
said-forward = 1 秒進みました: t = { $t }。
said-stats-shown = 統計を表示しました。
said-stats-hidden = 統計を隠しました。
shortcuts-title = キーボードショートカット
close = 閉じる

## 統計
stats = 性能統計
stats-work = フレーム処理 { $p50 } ミリ秒（p95 { $p95 }）
stats-fps = { $fps } fps
stats-events = 毎秒 { $rate } シミュレーションイベント
stats-in-flight = 送信中のメッセージ { $n } 件

## どのページにもあるコントロール
controls = シミュレーションの操作
play = ▶ 再生
pause = ❚❚ 一時停止
speed-label = 速さ
stats-button = 統計
shortcuts-button = ショートカット (?)
clock = t = { $t }
settings = 設定
apply = 適用
