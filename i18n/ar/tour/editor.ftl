# كلمات محرّر الجولات («اكتب جولة»).

# التحقق من خطوة كما يفعل `archsim tour check`: لماذا تفشل، وما الذي تحقق.
no-scenario = لا خطوة حتى هذه تفتح سيناريو: أعطها سيناريو الصفحة
state-names-unshown = حالتها «{ $claim }» تسمّي «{ $name }»، والصفحة لا تعرضه
claim-names-unshown = الادعاء «{ $claim }» يسمّي «{ $name }»، والصفحة لا تعرضه
link-problems = في رابطها مشكلات: { $problems }
no-such-node = تُبرز «{ $highlight }»، وهي ليست عقدة في سيناريوها
action-fails = تعذّر تنفيذ فعلها «{ $action }»: { $why }
state-unreadable = تعذّرت قراءة حالتها «{ $claim }»
state-reached = بلغت { $claim } بعد { $s } ث
state-not-reached = لا تبلغ حالتها «{ $claim }» خلال { $s } ث
claim-hidden = الادعاء «{ $claim }» يسمّي «{ $name }»، والصفحة لا تعرضه عند { $s } ث: { $why }
claim-fails = الادعاء «{ $claim }» لا يتحقق عند { $s } ث: قيمة { $name } هي { $value }
claim-holds = ✓ { $claim } (قيمة { $name } هي { $value })
checking = جارٍ التحقق من الخطوة { $k } من { $n }…
one-holds = الخطوة تتحقق. رابط الجولة وملفها في الأسفل.
all-hold = كل الخطوات تتحقق، وعددها { $n }. رابط الجولة وملفها في الأسفل.
some-fail = ليست كل الخطوات تتحقق ({ $bad } من { $n } لا تتحقق): كلٌّ منها معلَّم في الأعلى.
holds = ✓ تتحقق
fails = ✗ لا تتحقق
not-checked = لم يُتحقق منها

# الخطوة قيد الكتابة.
new-step = الخطوة { $k }
again = الخطوة { $k }، من جديد
step-title = العنوان
step-text = ما يقرؤه الطالب
scenario = السيناريو
opens-own = تفتح سيناريو خاصًا بها
step-before = سيناريو الخطوة السابقة
use-page = استخدم الصفحة كما هي الآن
points-at = تشير إلى
highlight-example = ‎#ratings أو عقدة
not-on-page = ليس في الصفحة الآن
pick = اختر جزءًا من الصفحة
asks-to = تطلب من الطالب أن
action-example = انقر «سجّل» ثم الصفحة
record = سجّل نقرة على الصفحة
done-when = تتم حين
wait-for = انتظر حالة
said-when-done = ما يُقال عند التمام
time-allowed = الوقت المسموح (ثوانٍ افتراضية)
claims = ادعاءات نصّها
add-claim = أضف ادعاءً
keep = احفظ هذه الخطوة
cancel = إلغاء
value = القيمة
comparison = المقارنة
compared-with = مقارنةً بـ
unknown = غير معروف
value-now = { $name } (الآن { $value })
state = الحالة
claim = الادعاء
remove-this = احذف { $kind }
needs-title = أعطِ الخطوة عنوانًا.
needs-text = اكتب ما يقرؤه الطالب.
needs-state = الخطوة التي تطلب فعلًا تحتاج إلى حالة تبيّن أنه تمّ.
done-needs-state = «ما يُقال عند التمام» يحتاج إلى حالة تُنتظر (أو اتركه فارغًا).
time-range = الوقت المسموح من 1 إلى { $max } ث.
first-opens = الخطوة الأولى تفتح سيناريو: علّم «تفتح سيناريو خاصًا بها».
highlight-missing = «{ $highlight }» ليس في الصفحة الآن.
kept = حُفظت الخطوة { $k }. تحقق من الجولة حين تصبح جاهزة.

# الاختيار والتسجيل من الصفحة.
picking = انقر جزء الصفحة الذي تشير إليه هذه الخطوة (Esc: إلغاء).
no-name = ليس لهذا الجزء اسم يُشار إليه: جرّب اللوحة أو الجدول المحيط به.
picked = تشير إلى { $highlight }.
not-picked = لم يُختر شيء.
recording = افعل الآن على الصفحة ما ينبغي للطالب أن يفعله (عطّل عقدة، اقسم الشبكة…).
recorded = سُجّل «{ $action }». تفتح الخطوة السيناريو كما كان قبله مباشرة.

# المحرّر.
write = اكتب جولة
close-editor = أغلق محرّر الجولات
hint = هيّئ الصفحة، ثم أضف خطوة: تأخذ الخطوة سيناريو الصفحة. تُحفظ مسودتك في هذا المتصفح.
tour-title = عنوان الجولة
untitled = جولة
edit = تحرير
move-up = انقل الخطوة { $k } إلى الأعلى
move-down = انقل الخطوة { $k } إلى الأسفل
remove-step = احذف الخطوة { $k }
remove = حذف
add-step = أضف خطوة
check = تحقق من الجولة
tour-link = رابط الجولة (كل الخطوات تتحقق)
too-long = الجولة أطول من أن تُوضع في رابط: نزّل ملفها.
try = جرّبها
download = نزّل ملف TOML
as-toml = الجولة كملف TOML
no-values = تعذّر تحميل قائمة قيم درس { $lesson }.
loading = جارٍ التحميل…
