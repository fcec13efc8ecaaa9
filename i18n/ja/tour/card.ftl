# ガイドツアーのカードの言葉。

# ツアーを開けない理由。
page-did-not-start = ページが起動しませんでした。
cannot-open = ツアーを開けませんでした
cannot-use = このツアーは使えません：{ $why }。
not-loaded = { $lesson } のツアーを読み込めませんでした。
link-too-long = このリンクのツアーは長すぎます（最大 { $max } 文字）。
link-unreadable = このリンクのツアーは読み取れません（archsim tour link で作れます）。
not-a-tour = archsim のツアーではありません
format-version = 形式のバージョンが { $version } です。このページが読めるのはバージョン 1 です
other-lesson = このページのレッスン（{ $page }）ではなく、{ $lesson } のレッスン用です
no-steps = ステップがありません
first-step-no-link = 最初のステップにリンクがありません
step-no-text = ステップ { $k } に見出しか本文がありません
step-action-no-until = ステップ { $k } は操作を求めていますが、それが済んだことを示す状態がありません
step-until-unclear = ステップ { $k } が待つ状態が記述されていません
step-until-unmeasured = ステップ { $k } は「{ $name }」を待ちますが、このレッスンはそれを測りません
step-until-unchecked = ステップ { $k } は「{ $claim }」を待ちますが、このページで確かめられる主張ではありません
step-bad-highlight = ステップ { $k } が指す「{ $highlight }」は CSS セレクターではありません
close = 閉じる

# カード。
tour = ツアー
count = { $title } · ステップ { $k }／{ $n }
keys = G：このステップが指す場所へ行き来する · Esc：ツアーを終える
back = ‹ 戻る
show-me = やってみせて
reopen = このステップを開き直す
next = 次へ ›
finish = 終わる
show-text = 本文を表示
leave = ツアーを終える

# 状態の行と、スクリーンリーダーが読み上げる言葉。
announce = ツアー、ステップ { $k }／{ $n }：{ $title }。
heard = ステップ { $k }／{ $n }：{ $title }。
look-at = 見る場所：{ $name }
stop = 。
done-for-you = 代わりに操作しました。何が起きるか見てください。
not-done = できませんでした：{ $why }
changed = シナリオが変わりました。このステップは元のシナリオ用に書かれています。開き直すと見られます。
done = できました。
undone = 元に戻りました。
