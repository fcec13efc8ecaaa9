# ツアーエディター（「ツアーを書く」）の言葉。

# `archsim tour check` と同じくステップを確かめる：失敗の理由と、成り立ったこと。
no-scenario = このステップまでにシナリオを開くステップがありません。ページのシナリオを与えてください
state-names-unshown = 状態「{ $claim }」が名指す「{ $name }」は、ページに表示されていません
claim-names-unshown = 主張「{ $claim }」が名指す「{ $name }」は、ページに表示されていません
link-problems = リンクに問題があります：{ $problems }
no-such-node = 「{ $highlight }」を強調していますが、そのシナリオのノードではありません
action-fails = 操作「{ $action }」を実行できません：{ $why }
state-unreadable = 状態「{ $claim }」を読み取れません
state-reached = { $s } 秒後に { $claim } に達しました
state-not-reached = 状態「{ $claim }」に { $s } 秒以内に達しません
claim-hidden = 主張「{ $claim }」が名指す「{ $name }」は、{ $s } 秒の時点でページに表示されていません：{ $why }
claim-fails = 主張「{ $claim }」は { $s } 秒の時点で成り立ちません：{ $name } は { $value }
claim-holds = ✓ { $claim }（{ $name } は { $value }）
checking = ステップ { $k }／{ $n } を確かめています…
one-holds = ステップは成り立ちます。ツアーのリンクとファイルは下にあります。
all-hold = { $n } のステップがすべて成り立ちます。ツアーのリンクとファイルは下にあります。
some-fail = 成り立たないステップがあります（{ $n } のうち { $bad }）。それぞれ上に印があります。
holds = ✓ 成り立つ
fails = ✗ 成り立たない
not-checked = 未確認

# 書いているステップ。
new-step = ステップ { $k }
again = ステップ { $k }（書き直し）
step-title = 見出し
step-text = 学習者が読む文
scenario = シナリオ
opens-own = 独自のシナリオを開く
step-before = 前のステップのシナリオ
use-page = 今のページの状態を使う
points-at = 指す場所
highlight-example = #ratings、またはノード
not-on-page = 今はページにありません
pick = ページの一部を選ぶ
asks-to = 学習者に求める操作
action-example = 「記録」を押してからページを操作
record = ページでのクリックを記録
done-when = 完了の条件
wait-for = 状態を待つ
said-when-done = 完了時の言葉
time-allowed = 許容時間（仮想秒）
claims = 本文の主張
add-claim = 主張を加える
keep = このステップを保存
cancel = キャンセル
value = 値
comparison = 比較
compared-with = 比べる相手
unknown = 不明
value-now = { $name }（現在 { $value }）
state = 状態
claim = 主張
remove-this = この{ $kind }を削除
needs-title = ステップに見出しをつけてください。
needs-text = 学習者が読む文を書いてください。
needs-state = 操作のあるステップには、それが済んだことを示す状態が必要です。
done-needs-state = 「完了時の言葉」には待つ状態が必要です（または空にしてください）。
time-range = 許容時間は 1 から { $max } 秒です。
first-opens = 最初のステップはシナリオを開きます。「独自のシナリオを開く」にチェックを入れてください。
highlight-missing = 「{ $highlight }」は今はページにありません。
kept = ステップ { $k } を保存しました。準備ができたらツアーを確かめてください。

# ページから選ぶ・記録する。
picking = このステップが指すページの部分をクリックしてください（Esc：キャンセル）。
no-name = その部分には指し示す名前がありません。周りのパネルか表を試してください。
picked = { $highlight } を指します。
not-picked = 選びませんでした。
recording = 学習者にしてほしい操作をページで行ってください（ノードを故障させる、ネットワークを分断する…）。
recorded = 「{ $action }」を記録しました。このステップは、その直前のシナリオを開きます。

# エディター。
write = ツアーを書く
close-editor = ツアーエディターを閉じる
hint = ページを整えてからステップを加えてください。ステップはページのシナリオを取り込みます。下書きはこのブラウザーに保存されます。
tour-title = ツアーの題名
untitled = ツアー
edit = 編集
move-up = ステップ { $k } を上へ
move-down = ステップ { $k } を下へ
remove-step = ステップ { $k } を削除
remove = 削除
add-step = ステップを加える
check = ツアーを確かめる
tour-link = ツアーのリンク（すべてのステップが成り立ちます）
too-long = ツアーが長すぎてリンクにできません。ファイルをダウンロードしてください。
try = 試す
download = TOML をダウンロード
as-toml = TOML ファイルとしてのツアー
no-values = { $lesson } のレッスンの値の一覧を読み込めませんでした。
loading = 読み込み中…
