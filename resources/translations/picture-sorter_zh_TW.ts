<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>App</name>
    <message>
        <source>{app} cannot start because part of it is missing or damaged ({error}). Reinstall the app.</source>
        <translation>{app} 無法啟動，因為它的一部分遺失或損壞（{error}）。請重新安裝本程式。</translation>
    </message>
</context>
<context>
    <name>CalibrationPanel</name>
    <message>
        <source>Can you trust the percentages?</source>
        <translation>百分比可信嗎？</translation>
    </message>
    <message>
        <source>Reliability</source>
        <translation>可靠度</translation>
    </message>
    <message>
        <source>confidence given</source>
        <translation>給出的信心</translation>
    </message>
    <message>
        <source>share right</source>
        <translation>答對比例</translation>
    </message>
    <message>
        <source>perfectly honest</source>
        <translation>完全誠實</translation>
    </message>
    <message>
        <source>Mark as &quot;unsure&quot; below:</source>
        <translation>低於此值標為「不確定」：</translation>
    </message>
    <message>
        <source>Answers with a lower confidence are marked &quot;unsure&quot;. Move it to see how many pictures get an answer and how often those answers are right.</source>
        <translation>信心較低的答案會標為「不確定」。移動它，看看有多少圖片得到答案，以及這些答案答對的頻率。</translation>
    </message>
    <message>
        <source>Each bar shows how often the answers given with that confidence were right; on the dashed line, &quot;80 %&quot; means right 8 times in 10. Here the percentages are off by {gap:.1f} points on average.</source>
        <translation>每根長條顯示以該信心給出的答案答對的頻率；在虛線上，「80 %」表示十次對八次。這裡的百分比平均偏差 {gap:.1f} 個百分點。</translation>
    </message>
    <message>
        <source>At {t} it answers none of the test pictures: every answer is &quot;unsure&quot;.</source>
        <translation>在 {t} 時，它不回答任何測試圖片：每個答案都是「不確定」。</translation>
    </message>
    <message>
        <source>At this setting ({t}) it answers {a} of the pictures, and {r} of those answers are right.</source>
        <translation>在此設定（{t}）下，它回答 {a} 的圖片，其中 {r} 的答案正確。</translation>
    </message>
    <message>
        <source>The model&apos;s own setting, chosen on validation pictures, is {m}.</source>
        <translation>模型自己的設定（以驗證圖片選出）是 {m}。</translation>
    </message>
</context>
<context>
    <name>ClassEditing</name>
    <message>
        <source>Choose a folder of pictures of one class</source>
        <translation>選擇一個類別的圖片資料夾</translation>
    </message>
    <message>
        <source>Class name</source>
        <translation>類別名稱</translation>
    </message>
    <message>
        <source>Name of the class for the pictures in this folder:</source>
        <translation>此資料夾中圖片的類別名稱：</translation>
    </message>
    <message>
        <source>Rename class</source>
        <translation>重新命名類別</translation>
    </message>
    <message>
        <source>Remove class</source>
        <translation>移除類別</translation>
    </message>
    <message>
        <source>New name for &apos;{name}&apos;:</source>
        <translation>「{name}」的新名稱：</translation>
    </message>
</context>
<context>
    <name>ClassRemoval</name>
    <message>
        <source>Remove class</source>
        <translation>移除類別</translation>
    </message>
    <message>
        <source>Leave the class &apos;{name}&apos; and its {n} out of this dataset?</source>
        <translation>要將類別「{name}」及其 {n} 排除在此資料集之外嗎？</translation>
    </message>
    <message>
        <source>Nothing is deleted from the disk: the folder stays as it is. You can undo this with Undo remove.</source>
        <translation>不會從磁碟刪除任何東西：資料夾維持原狀。可以用「復原移除」還原。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>ClassTable</name>
    <message>
        <source>Class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>Val.</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>測試</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Class name</source>
        <translation>類別名稱</translation>
    </message>
    <message>
        <source>Training pictures</source>
        <translation>訓練圖片</translation>
    </message>
    <message>
        <source>Validation pictures</source>
        <translation>驗證圖片</translation>
    </message>
    <message>
        <source>Test pictures</source>
        <translation>測試圖片</translation>
    </message>
    <message>
        <source>All pictures of the class</source>
        <translation>此類別的所有圖片</translation>
    </message>
    <message>
        <source>Size compared with the largest class</source>
        <translation>與最大類別相比的大小</translation>
    </message>
    <message>
        <source>Click a column title to sort by it.</source>
        <translation>按一下欄標題即可依該欄排序。</translation>
    </message>
    <message>
        <source>Double-click a class name (or press F2) to rename it.</source>
        <translation>按兩下類別名稱（或按 F2）即可重新命名。</translation>
    </message>
    <message>
        <source>{name}
Double-click (or F2) to rename.</source>
        <translation>{name}
按兩下（或 F2）重新命名。</translation>
    </message>
    <message>
        <source>{n} ({share} of the largest class)</source>
        <translation>{n}（最大類別的 {share}）</translation>
    </message>
</context>
<context>
    <name>CorrectionsPanel</name>
    <message>
        <source>Adding the pictures to the dataset</source>
        <translation>正在將圖片加入資料集</translation>
    </message>
    <message>
        <source>Removing the copies</source>
        <translation>正在移除副本</translation>
    </message>
    <message>
        <source>Added to the dataset</source>
        <translation>已加入資料集</translation>
    </message>
    <message>
        <source>Double-click a row to see the picture large. Enter confirms the selected answers, the number keys correct them (1 is the first class, 0 the tenth); either copies the pictures into the dataset.</source>
        <translation>按兩下一列可放大檢視圖片。Enter 確認選取的答案，數字鍵更正答案（1 是第一個類別，0 是第十個）；兩者都會將圖片複製到資料集中。</translation>
    </message>
    <message>
        <source>&amp;Confirm answer</source>
        <translation>確認答案(&amp;C)</translation>
    </message>
    <message>
        <source>The answer is right: copy the selected pictures into its class folder (Enter).</source>
        <translation>答案正確：將選取的圖片複製到該類別的資料夾（Enter）。</translation>
    </message>
    <message>
        <source>It is reall&amp;y...</source>
        <translation>其實是(&amp;Y)...</translation>
    </message>
    <message>
        <source>The answer is wrong: copy the selected pictures into the right class folder (number keys).</source>
        <translation>答案錯誤：將選取的圖片複製到正確類別的資料夾（數字鍵）。</translation>
    </message>
    <message>
        <source>U&amp;ndo</source>
        <translation>復原(&amp;N)</translation>
    </message>
    <message>
        <source>Delete the selected copies (all of them when none is selected) from the dataset folder. Only copies this app made, and only while they are unchanged, are deleted.</source>
        <translation>從資料集資料夾刪除選取的副本（未選取時刪除全部）。只會刪除本程式建立且未經更改的副本。</translation>
    </message>
    <message>
        <source>Train again with the same settings: the test pictures stay the same, so the Evaluate tab shows the accuracy before and after.</source>
        <translation>以相同設定再訓練一次：測試圖片不變，所以「評估」分頁會顯示前後的準確率。</translation>
    </message>
    <message>
        <source>Select the rows of the pictures to add first.</source>
        <translation>請先選取要加入的圖片所在的列。</translation>
    </message>
    <message>
        <source>Open the dataset the model learned from on the Dataset tab first: the pictures are copied into its class folders.</source>
        <translation>請先在「資料集」分頁開啟模型學習過的資料集：圖片會複製到它的類別資料夾中。</translation>
    </message>
    <message>
        <source>Retraining with {n}...</source>
        <translation>正在加入 {n} 重新訓練...</translation>
    </message>
    <message>
        <source>Busy: wait until the training or the last change has finished.</source>
        <translation>忙碌中：請等訓練或上一個變更完成。</translation>
    </message>
    <message>
        <source>Retrained with {n}. The Evaluate tab shows the accuracy before and after.</source>
        <translation>已加入 {n} 重新訓練。「評估」分頁會顯示前後的準確率。</translation>
    </message>
    <message>
        <source>Added {n} to the dataset.</source>
        <translation>已將 {n} 加入資料集。</translation>
    </message>
    <message>
        <source>Removed {n} from the dataset folder.</source>
        <translation>已從資料集資料夾移除 {n}。</translation>
    </message>
    <message>
        <source>Fix and retrain</source>
        <translation>修正並重新訓練</translation>
    </message>
    <message>
        <source>{file} -&gt; {name}   ({folder})</source>
        <translation>{file} -&gt; {name}   （{folder}）</translation>
    </message>
    <message>
        <source>&amp;Retrain with {n}</source>
        <translation>加入 {n} 重新訓練(&amp;R)</translation>
    </message>
    <message>
        <source>Confirm: it is {name} (Enter)</source>
        <translation>確認：它是 {name}（Enter）</translation>
    </message>
    <message>
        <source>Confirm the answers (Enter)</source>
        <translation>確認答案（Enter）</translation>
    </message>
    <message>
        <source>It is really...</source>
        <translation>其實是...</translation>
    </message>
</context>
<context>
    <name>DatasetScanning</name>
    <message>
        <source>Choose the dataset folder</source>
        <translation>選擇資料集資料夾</translation>
    </message>
    <message>
        <source>Sample dataset</source>
        <translation>範例資料集</translation>
    </message>
    <message>
        <source>Checked {done} / {total} pictures</source>
        <translation>已檢查 {done} / {total} 張圖片</translation>
    </message>
    <message>
        <source>Found {n} in {c} classes ({s:.1f} s).</source>
        <translation>在 {c} 個類別中找到 {n}（{s:.1f} 秒）。</translation>
    </message>
    <message>
        <source>No usable pictures found - see the problems below.</source>
        <translation>找不到可用的圖片，請看下方的問題。</translation>
    </message>
    <message>
        <source>Cannot read this folder</source>
        <translation>無法讀取此資料夾</translation>
    </message>
    <message>
        <source>Scanning stopped. The previous dataset is unchanged.</source>
        <translation>已停止掃描。先前的資料集沒有改變。</translation>
    </message>
</context>
<context>
    <name>DatasetTab</name>
    <message>
        <source>&amp;Open a dataset folder...</source>
        <translation>開啟資料集資料夾(&amp;O)...</translation>
    </message>
    <message>
        <source>A folder with one sub-folder of pictures per class, e.g. cats/ and dogs/. You can also drop a folder on the window.</source>
        <translation>每個類別各有一個圖片子資料夾的資料夾，例如 cats/ 和 dogs/。也可以把資料夾拖放到視窗上。</translation>
    </message>
    <message>
        <source>Try the &amp;sample dataset</source>
        <translation>試用範例資料集(&amp;S)</translation>
    </message>
    <message>
        <source>Handwritten digits 0-9 that come with the app: train a model within a minute without any pictures of your own.</source>
        <translation>本程式附帶的手寫數字 0-9：不需要自己的圖片，一分鐘內就能訓練出模型。</translation>
    </message>
    <message>
        <source>&amp;Add a class from a folder...</source>
        <translation>從資料夾加入類別(&amp;A)...</translation>
    </message>
    <message>
        <source>All pictures in a folder (and its sub-folders) become one class named after the folder.</source>
        <translation>資料夾（及其子資料夾）中的所有圖片成為一個以資料夾命名的類別。</translation>
    </message>
    <message>
        <source>Stop scanning</source>
        <translation>停止掃描</translation>
    </message>
    <message>
        <source>Part of a class name</source>
        <translation>類別名稱的一部分</translation>
    </message>
    <message>
        <source>Show c&amp;lasses:</source>
        <translation>顯示類別(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Rename class...</source>
        <translation>重新命名類別(&amp;R)...</translation>
    </message>
    <message>
        <source>Re&amp;move class</source>
        <translation>移除類別(&amp;M)</translation>
    </message>
    <message>
        <source>Map of the pictures...</source>
        <translation>圖片地圖...</translation>
    </message>
    <message>
        <source>All pictures on one map by their features, and those possibly in the wrong folder</source>
        <translation>依特徵把所有圖片畫在一張地圖上，並標出可能放錯資料夾的圖片</translation>
    </message>
    <message>
        <source>Pictures of the selected class</source>
        <translation>所選類別的圖片</translation>
    </message>
    <message>
        <source>Problems found (and what to do about them):</source>
        <translation>發現的問題（以及如何處理）：</translation>
    </message>
    <message>
        <source>Training is running: stop it on the Train tab before changing the pictures.</source>
        <translation>正在訓練：更改圖片前，請先在「訓練」分頁停止訓練。</translation>
    </message>
    <message>
        <source>Now {n} in {c} classes.</source>
        <translation>現在 {c} 個類別中共有 {n}。</translation>
    </message>
    <message>
        <source>{file}: {problem}</source>
        <translation>{file}：{problem}</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>沒有發現問題。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>test</source>
        <translation>測試</translation>
    </message>
    <message>
        <source>Pictures of &apos;{name}&apos; ({n})</source>
        <translation>「{name}」的圖片（{n}）</translation>
    </message>
    <message>
        <source>Looking through the pictures... You can keep working meanwhile.</source>
        <translation>正在查看圖片...這段時間可以繼續工作。</translation>
    </message>
    <message>
        <source>A model is being trained on these pictures: they stay as they are until the training ends, or you stop it on the Train tab.</source>
        <translation>正在以這些圖片訓練模型：在訓練結束或你在「訓練」分頁停止之前，圖片會維持原狀。</translation>
    </message>
    <message>
        <source>Start here: open a folder that holds one sub-folder of pictures per class, or try the sample dataset.</source>
        <translation>從這裡開始：開啟一個每個類別各有一個圖片子資料夾的資料夾，或試用範例資料集。</translation>
    </message>
    <message>
        <source>A classifier needs at least two classes: add another class from a folder.</source>
        <translation>分類器至少需要兩個類別：請從資料夾再加入一個類別。</translation>
    </message>
    <message>
        <source>Fix the problems marked in red below, then continue with the Model tab.</source>
        <translation>請修正下方以紅色標示的問題，再繼續到「模型」分頁。</translation>
    </message>
    <message>
        <source>Dataset ready. Next: choose a classifier on the Model tab.</source>
        <translation>資料集已就緒。下一步：在「模型」分頁選擇分類器。</translation>
    </message>
</context>
<context>
    <name>DeviceBox</name>
    <message>
        <source>Where the computing happens</source>
        <translation>在哪裡運算</translation>
    </message>
    <message>
        <source>Looking for a GPU that can speed up training...</source>
        <translation>正在尋找可加速訓練的 GPU...</translation>
    </message>
    <message>
        <source>Use the &amp;CPU only (slower, but always works)</source>
        <translation>只使用 CPU(&amp;C)（較慢，但一定能用）</translation>
    </message>
    <message>
        <source>Looking for a GPU...</source>
        <translation>正在尋找 GPU...</translation>
    </message>
    <message>
        <source>CPU (chosen on the Train tab)</source>
        <translation>CPU（在「訓練」分頁選擇）</translation>
    </message>
</context>
<context>
    <name>Engine</name>
    <message>
        <source>Getting ready ({number} of {total}): loading {what}...</source>
        <translation>準備中（{number} / {total}）：正在載入 {what}...</translation>
    </message>
    <message>
        <source>Part of the app is missing or damaged ({error}). Reinstall the app.</source>
        <translation>本程式的一部分遺失或損壞（{error}）。請重新安裝本程式。</translation>
    </message>
</context>
<context>
    <name>EvaluatePictures</name>
    <message>
        <source>{caption}
{path}
true: {true}
predicted: {predicted} ({confidence})</source>
        <translation>{caption}
{path}
真實：{true}
預測：{predicted}（{confidence}）</translation>
    </message>
</context>
<context>
    <name>EvaluateTab</name>
    <message>
        <source>E&amp;valuate on another folder...</source>
        <translation>以另一個資料夾評估(&amp;V)...</translation>
    </message>
    <message>
        <source>Test the model on a folder of labelled pictures it has never seen: one sub-folder per class, named like the model&apos;s classes.</source>
        <translation>用一個模型從未看過、已標記的圖片資料夾測試模型：每個類別一個子資料夾，名稱與模型的類別相同。</translation>
    </message>
    <message>
        <source>&amp;Why?</source>
        <translation>為什麼(&amp;W)？</translation>
    </message>
    <message>
        <source>How the model came to its answer for the selected picture: its scores and loss step by step, or the training pictures that voted.</source>
        <translation>模型如何得出所選圖片的答案：逐步顯示分數與損失，或投票的訓練圖片。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Mistakes</source>
        <translation>錯誤</translation>
    </message>
    <message>
        <source>Can you trust the percentages?</source>
        <translation>百分比可信嗎？</translation>
    </message>
    <message>
        <source>Click a cell of the confusion matrix to see the pictures behind it. Then try the model on new pictures on the Predict tab.</source>
        <translation>按一下混淆矩陣的格子，查看其中的圖片。接著在「預測」分頁用新圖片試試模型。</translation>
    </message>
    <message>
        <source>This model has no test results (it had no test pictures). Train again with a test share above 0 % on the Dataset tab.</source>
        <translation>此模型沒有測試結果（它沒有測試圖片）。請在「資料集」分頁把測試比例設為大於 0 % 後再訓練一次。</translation>
    </message>
    <message>
        <source>First train a model on the Train tab; it is then tested on pictures it has never seen.</source>
        <translation>請先在「訓練」分頁訓練模型；之後會用它從未看過的圖片測試。</translation>
    </message>
    <message>
        <source>Go to the Train tab</source>
        <translation>前往「訓練」分頁</translation>
    </message>
    <message>
        <source>Results below are for {folder}.</source>
        <translation>以下結果來自 {folder}。</translation>
    </message>
    <message>
        <source>Evaluate on another folder</source>
        <translation>以另一個資料夾評估</translation>
    </message>
</context>
<context>
    <name>FileFilters</name>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>Picture Sorter models (*.psmodel);;All files (*)</source>
        <translation>Picture Sorter 模型 (*.psmodel);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;All files (*)</source>
        <translation>圖片 (*.jpg *.jpeg *.png *.bmp *.gif *.tif *.tiff *.webp);;所有檔案 (*)</translation>
    </message>
</context>
<context>
    <name>FolderEvaluation</name>
    <message>
        <source>Choose a folder with one sub-folder per class</source>
        <translation>選擇每個類別各有一個子資料夾的資料夾</translation>
    </message>
    <message>
        <source>Testing the model on {folder}...</source>
        <translation>正在以 {folder} 測試模型...</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>LearningCurveButton</name>
    <message>
        <source>How many &amp;more pictures?</source>
        <translation>還需要多少圖片(&amp;M)？</translation>
    </message>
    <message>
        <source>Train on growing shares of the pictures and see which classes would gain most from more pictures.</source>
        <translation>用逐漸增加的圖片比例訓練，看看哪些類別最能從更多圖片中獲益。</translation>
    </message>
</context>
<context>
    <name>LearningCurveView</name>
    <message>
        <source>How many more pictures?</source>
        <translation>還需要多少圖片？</translation>
    </message>
    <message>
        <source>The classifier is trained on 20, 40, 60, 80 and 100 % of the training pictures, several times each, and tested on the same test pictures every time. Where a class&apos;s curve still rises at the right, more pictures of it would help.</source>
        <translation>分類器分別以 20、40、60、80 和 100 % 的訓練圖片各訓練數次，每次都以相同的測試圖片測試。若某類別的曲線在右端仍在上升，增加該類別的圖片會有幫助。</translation>
    </message>
    <message>
        <source>&amp;Draw the curve</source>
        <translation>畫出曲線(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Open a dataset first (Dataset tab).</source>
        <translation>請先開啟資料集（「資料集」分頁）。</translation>
    </message>
    <message>
        <source>Getting ready...</source>
        <translation>準備中...</translation>
    </message>
    <message>
        <source>training pictures of the class</source>
        <translation>該類別的訓練圖片</translation>
    </message>
    <message>
        <source>test accuracy</source>
        <translation>測試準確率</translation>
    </message>
    <message>
        <source>Done: {accuracy} with all {n} training pictures.</source>
        <translation>完成：使用全部 {n} 訓練圖片時為 {accuracy}。</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>LivePlots</name>
    <message>
        <source>Training loss</source>
        <translation>訓練損失</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>Accuracy per epoch</source>
        <translation>每輪的準確率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>輪</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <source>Cross-validation accuracy for each k</source>
        <translation>每個 k 的交叉驗證準確率</translation>
    </message>
    <message>
        <source>k (neighbours)</source>
        <translation>k（鄰居數）</translation>
    </message>
    <message>
        <source>each iteration</source>
        <translation>每次迭代</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑後</translation>
    </message>
    <message>
        <source>training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>驗證</translation>
    </message>
    <message>
        <source>validation (chosen setting)</source>
        <translation>驗證（選定的設定）</translation>
    </message>
    <message>
        <source>Training loss (trying settings, run {n})</source>
        <translation>訓練損失（嘗試設定，第 {n} 次）</translation>
    </message>
    <message>
        <source>Dashed: the chosen setting&apos;s validation accuracy, measured while trying settings.</source>
        <translation>虛線：選定設定的驗證準確率，於嘗試設定時測得。</translation>
    </message>
    <message>
        <source>No validation line: the final model learns from the validation pictures too.</source>
        <translation>沒有驗證曲線：最終模型也會從驗證圖片學習。</translation>
    </message>
    <message>
        <source>{distance} ({done} of {parts} parts)</source>
        <translation>{distance}（{done} / {parts} 部分）</translation>
    </message>
    <message>
        <source>chosen k = {k}</source>
        <translation>選定 k = {k}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Dataset</source>
        <translation>資料集</translation>
    </message>
    <message>
        <source>Choose the pictures to learn from</source>
        <translation>選擇要學習的圖片</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Choose the classifier and features</source>
        <translation>選擇分類器與特徵</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>Train and watch it learn</source>
        <translation>訓練並觀察它學習</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>評估</translation>
    </message>
    <message>
        <source>See how good the model is</source>
        <translation>看看模型有多好</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>預測</translation>
    </message>
    <message>
        <source>Ask the model about new pictures</source>
        <translation>讓模型判斷新圖片</translation>
    </message>
    <message>
        <source>Getting ready</source>
        <translation>準備中</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就緒。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;dataset folder...</source>
        <translation>開啟資料集資料夾(&amp;D)...</translation>
    </message>
    <message>
        <source>Try the &amp;sample dataset</source>
        <translation>試用範例資料集(&amp;S)</translation>
    </message>
    <message>
        <source>Open &amp;model...</source>
        <translation>開啟模型(&amp;M)...</translation>
    </message>
    <message>
        <source>&amp;Save model...</source>
        <translation>儲存模型(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Export for other programs...</source>
        <translation>匯出給其他程式使用(&amp;E)...</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近開啟(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Quick guide</source>
        <translation>快速指南(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About {app}</source>
        <translation>關於 {app}(&amp;A)</translation>
    </message>
    <message>
        <source>Dataset: {path}</source>
        <translation>資料集：{path}</translation>
    </message>
    <message>
        <source>Model: {path}</source>
        <translation>模型：{path}</translation>
    </message>
    <message>
        <source>(nothing yet)</source>
        <translation>（還沒有）</translation>
    </message>
    <message>
        <source>Open a model file</source>
        <translation>開啟模型檔</translation>
    </message>
    <message>
        <source>Opening the model {name}...</source>
        <translation>正在開啟模型 {name}...</translation>
    </message>
    <message>
        <source>Opened the model {name}</source>
        <translation>已開啟模型 {name}</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>開啟模型</translation>
    </message>
    <message>
        <source>Quick guide</source>
        <translation>快速指南</translation>
    </message>
    <message>
        <source>&lt;h3&gt;From pictures to answers in five steps&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;Dataset&lt;/b&gt;: open a folder that holds one sub-folder of pictures per class (for example &lt;i&gt;cats&lt;/i&gt; and &lt;i&gt;dogs&lt;/i&gt;), or try the sample dataset. You can also drop a folder on the window.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Model&lt;/b&gt;: pick a classifier. Softmax with pretrained-network features is a good start.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Train&lt;/b&gt;: press Start training and watch the curves.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Evaluate&lt;/b&gt;: see how often it is right on pictures it has never seen, and which classes it mixes up.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Predict&lt;/b&gt;: drop new pictures on the Predict tab. Save the model to use it again later.&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;Everything runs on this computer; no picture leaves it.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;五個步驟，從圖片到答案&lt;/h3&gt;&lt;ol&gt;&lt;li&gt;&lt;b&gt;資料集&lt;/b&gt;：開啟一個每個類別各有一個圖片子資料夾的資料夾（例如 &lt;i&gt;cats&lt;/i&gt; 和 &lt;i&gt;dogs&lt;/i&gt;），或試用範例資料集。也可以把資料夾拖放到視窗上。&lt;/li&gt;&lt;li&gt;&lt;b&gt;模型&lt;/b&gt;：挑選分類器。以預訓練網路特徵搭配 Softmax 是不錯的開始。&lt;/li&gt;&lt;li&gt;&lt;b&gt;訓練&lt;/b&gt;：按「開始訓練」並觀察曲線。&lt;/li&gt;&lt;li&gt;&lt;b&gt;評估&lt;/b&gt;：看看它在從未看過的圖片上答對的頻率，以及它會混淆哪些類別。&lt;/li&gt;&lt;li&gt;&lt;b&gt;預測&lt;/b&gt;：把新圖片拖放到「預測」分頁。儲存模型以便日後再用。&lt;/li&gt;&lt;/ol&gt;&lt;p&gt;一切都在這台電腦上執行；沒有任何圖片會離開它。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>關於 {app}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{app} {version}&lt;/h3&gt;&lt;p&gt;Teach the computer to sort pictures: k-nearest neighbours, linear SVM and softmax classifiers on raw pixels or pretrained-network features. Works offline.&lt;/p&gt;&lt;p&gt;Compute device: {device}&lt;/p&gt;&lt;table&gt;{rows}&lt;/table&gt;</source>
        <translation>&lt;h3&gt;{app} {version}&lt;/h3&gt;&lt;p&gt;教電腦分類圖片：以原始像素或預訓練網路特徵，使用 k 最近鄰（kNN）、線性 SVM 與 Softmax 分類器。離線即可使用。&lt;/p&gt;&lt;p&gt;運算裝置：{device}&lt;/p&gt;&lt;table&gt;{rows}&lt;/table&gt;</translation>
    </message>
    <message>
        <source>Saved the model to {path}</source>
        <translation>已將模型儲存到 {path}</translation>
    </message>
    <message>
        <source>Drop one folder (a dataset), or a .psmodel file. To ask about pictures, drop them on the Predict tab.</source>
        <translation>請拖放一個資料夾（資料集）或一個 .psmodel 檔。若要判斷圖片，請把圖片拖放到「預測」分頁。</translation>
    </message>
    <message>
        <source>V&amp;iew</source>
        <translation>檢視(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
</context>
<context>
    <name>MapWindow</name>
    <message>
        <source>Map of the pictures</source>
        <translation>圖片地圖</translation>
    </message>
    <message>
        <source>Stopped. Nothing was changed.</source>
        <translation>已停止。沒有任何變更。</translation>
    </message>
    <message>
        <source>Each point is a picture, placed by its features: pictures that look alike lie close together. Ringed points are possibly in the wrong folder.</source>
        <translation>每個點是一張圖片，依其特徵擺放：看起來相像的圖片會靠在一起。加圈的點可能放錯了資料夾。</translation>
    </message>
    <message>
        <source>pretrained network</source>
        <translation>預訓練網路</translation>
    </message>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>PCA places every picture at once. t-SNE shows groups better but takes longer: with many pictures it places a random sample of them.</source>
        <translation>PCA 一次擺放所有圖片。t-SNE 較能顯示群組，但花費較久：圖片很多時，它只擺放隨機抽樣的一部分。</translation>
    </message>
    <message>
        <source>&amp;Draw the map</source>
        <translation>畫出地圖(&amp;D)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Features:</source>
        <translation>特徵：</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>排列方式：</translation>
    </message>
    <message>
        <source>Pictures by their features</source>
        <translation>依特徵排列的圖片</translation>
    </message>
    <message>
        <source>first direction</source>
        <translation>第一方向</translation>
    </message>
    <message>
        <source>second direction</source>
        <translation>第二方向</translation>
    </message>
    <message>
        <source>Point at a picture to see it here.</source>
        <translation>將滑鼠指向圖片即可在此顯示。</translation>
    </message>
    <message>
        <source>Possibly in the wrong folder</source>
        <translation>可能放錯資料夾</translation>
    </message>
    <message>
        <source>Click a picture to see it large. Nothing is moved: move a picture to its right folder yourself, then open the folder again.</source>
        <translation>按一下圖片可放大檢視。不會移動任何東西：請自行把圖片移到正確的資料夾，再重新開啟資料夾。</translation>
    </message>
    <message>
        <source>Open a dataset with at least two classes first (Dataset tab).</source>
        <translation>請先開啟至少有兩個類別的資料集（「資料集」分頁）。</translation>
    </message>
    <message>
        <source>Getting ready...</source>
        <translation>準備中...</translation>
    </message>
    <message>
        <source>The pictures have changed since this map was drawn: draw it again.</source>
        <translation>畫出此地圖後圖片已有變更：請重新畫一次。</translation>
    </message>
    <message>
        <source>possibly in the wrong folder</source>
        <translation>可能放錯資料夾</translation>
    </message>
    <message>
        <source>Possibly in the wrong folder ({n})</source>
        <translation>可能放錯資料夾（{n}）</translation>
    </message>
    <message>
        <source>{name}: in {folder}, looks like {suggested} (score {score:.2f})</source>
        <translation>{name}：在 {folder} 中，看起來像 {suggested}（分數 {score:.2f}）</translation>
    </message>
    <message>
        <source>None: every picture&apos;s nearest neighbours are mostly of its own class.</source>
        <translation>沒有：每張圖片的最近鄰大多屬於它自己的類別。</translation>
    </message>
    <message>
        <source>{n} of {total} chosen at random</source>
        <translation>從 {total} 中隨機選出 {n}</translation>
    </message>
    <message>
        <source>{shown}; {suspects} possibly in the wrong folder (judged by each picture&apos;s {k} nearest neighbours). Nothing was moved.</source>
        <translation>{shown}；{suspects} 張可能放錯資料夾（依每張圖片的 {k} 個最近鄰判斷）。沒有移動任何東西。</translation>
    </message>
    <message>
        <source>Folder: {name}</source>
        <translation>資料夾：{name}</translation>
    </message>
    <message>
        <source>Its neighbours suggest: {name} (score {score:.2f})</source>
        <translation>它的鄰居認為是：{name}（分數 {score:.2f}）</translation>
    </message>
    <message>
        <source>Loading the picture...</source>
        <translation>正在載入圖片...</translation>
    </message>
</context>
<context>
    <name>MistakesPage</name>
    <message>
        <source>Most confident mistakes (the wrong answers it was surest of)</source>
        <translation>最有把握的錯誤（它最確定卻答錯的答案）</translation>
    </message>
    <message>
        <source>No mistakes on these test pictures.</source>
        <translation>這些測試圖片沒有錯誤。</translation>
    </message>
</context>
<context>
    <name>ModelExport</name>
    <message>
        <source>Export for other programs</source>
        <translation>匯出給其他程式使用</translation>
    </message>
</context>
<context>
    <name>ModelFiles</name>
    <message>
        <source>Save the model</source>
        <translation>儲存模型</translation>
    </message>
</context>
<context>
    <name>ModelTab</name>
    <message>
        <source>pretrained-network features</source>
        <translation>預訓練網路特徵</translation>
    </message>
    <message>
        <source>raw pixels</source>
        <translation>原始像素</translation>
    </message>
    <message>
        <source>settings chosen automatically</source>
        <translation>自動選擇設定</translation>
    </message>
    <message>
        <source>your settings</source>
        <translation>你的設定</translation>
    </message>
    <message>
        <source>{classifier}, {features}, {how}</source>
        <translation>{classifier}，{features}，{how}</translation>
    </message>
    <message>
        <source>Pick a classifier and the kind of features, then go to the Train tab. The defaults work well.</source>
        <translation>挑選分類器與特徵種類，然後前往「訓練」分頁。預設值就很好用。</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>分類器</translation>
    </message>
    <message>
        <source>Features (what the classifier looks at)</source>
        <translation>特徵（分類器看的是什麼）</translation>
    </message>
    <message>
        <source>&amp;Pretrained network (recommended for photos)</source>
        <translation>預訓練網路(&amp;P)（建議用於照片）</translation>
    </message>
    <message>
        <source>A network trained on a million photos describes each picture with 1,280 numbers.</source>
        <translation>一個以一百萬張照片訓練過的網路，用 1,280 個數字描述每張圖片。</translation>
    </message>
    <message>
        <source>&amp;Raw pixels (as in the lecture)</source>
        <translation>原始像素(&amp;R)（與課堂上相同）</translation>
    </message>
    <message>
        <source>The picture shrunk to 32 x 32 and its colour values used directly. Fast, but weak on photos.</source>
        <translation>把圖片縮小到 32 x 32，直接使用它的色彩值。速度快，但對照片效果較差。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <source>Choose &amp;automatically (recommended)</source>
        <translation>自動選擇(&amp;A)（建議）</translation>
    </message>
    <message>
        <source>On these {n}: about {time} to choose its settings and train, after the features.</source>
        <translation>以這些 {n}：算完特徵後，約需 {time} 選擇設定並訓練。</translation>
    </message>
    <message>
        <source>On these {n}: about {time} to train, after the features.</source>
        <translation>以這些 {n}：算完特徵後，約需 {time} 訓練。</translation>
    </message>
    <message>
        <source>(A first guess until it has run here.)</source>
        <translation>（在這台電腦上執行過之前，這只是初步估計。）</translation>
    </message>
    <message>
        <source>First choose the pictures to learn from on the Dataset tab.</source>
        <translation>請先在「資料集」分頁選擇要學習的圖片。</translation>
    </message>
    <message>
        <source>Go to the Dataset tab</source>
        <translation>前往「資料集」分頁</translation>
    </message>
</context>
<context>
    <name>NoneOfTheseHint</name>
    <message>
        <source>Some pictures are not like any of the training pictures: if such pictures will come again, add a class folder named &quot;{name}&quot; with pictures like them and train again.</source>
        <translation>有些圖片不像任何訓練圖片：如果這類圖片還會再出現，請加入一個名為「{name}」的類別資料夾，放入類似的圖片後再訓練一次。</translation>
    </message>
</context>
<context>
    <name>PictureViewer</name>
    <message>
        <source>Picture</source>
        <translation>圖片</translation>
    </message>
    <message>
        <source>Loading the picture...</source>
        <translation>正在載入圖片...</translation>
    </message>
</context>
<context>
    <name>PredictTab</name>
    <message>
        <source>Answer: {verdict}</source>
        <translation>答案：{verdict}</translation>
    </message>
    <message>
        <source>Drop pictures or folders here, use Open pictures..., or paste a picture with Ctrl+V.</source>
        <translation>把圖片或資料夾拖放到這裡，使用「開啟圖片...」，或用 Ctrl+V 貼上圖片。</translation>
    </message>
    <message>
        <source>&amp;Open pictures...</source>
        <translation>開啟圖片(&amp;O)...</translation>
    </message>
    <message>
        <source>Open a fol&amp;der...</source>
        <translation>開啟資料夾(&amp;D)...</translation>
    </message>
    <message>
        <source>&amp;Paste picture</source>
        <translation>貼上圖片(&amp;P)</translation>
    </message>
    <message>
        <source>Predict the picture on the clipboard (Ctrl+V).</source>
        <translation>預測剪貼簿上的圖片（Ctrl+V）。</translation>
    </message>
    <message>
        <source>&amp;Export CSV...</source>
        <translation>匯出 CSV(&amp;E)...</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清除(&amp;L)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Mark as &amp;unsure below:</source>
        <translation>低於此值標為不確定(&amp;U)：</translation>
    </message>
    <message>
        <source>Answers whose confidence is below this are marked &quot;unsure&quot;. Each model comes with its own setting, chosen on validation pictures so that its answers are right at least 97 % of the time where it can; you can change it.</source>
        <translation>信心低於此值的答案會標為「不確定」。每個模型都有自己的設定，以驗證圖片選出，盡可能讓答案至少 97 % 的時候是對的；你可以更改它。</translation>
    </message>
    <message>
        <source>Double-click a row (or press Enter) to see the picture large.</source>
        <translation>按兩下一列（或按 Enter）可放大檢視圖片。</translation>
    </message>
    <message>
        <source>There is no model yet. Train one on the Train tab, or open a model file you saved before.</source>
        <translation>還沒有模型。請在「訓練」分頁訓練一個，或開啟你先前儲存的模型檔。</translation>
    </message>
    <message>
        <source>Open a &amp;model file...</source>
        <translation>開啟模型檔(&amp;M)...</translation>
    </message>
    <message>
        <source>Using the model: {model} ({source}). Classes: {classes}.</source>
        <translation>使用的模型：{model}（{source}）。類別：{classes}。</translation>
    </message>
    <message>
        <source>trained just now</source>
        <translation>剛剛訓練</translation>
    </message>
    <message>
        <source>Looking at the pasted picture</source>
        <translation>正在查看貼上的圖片</translation>
    </message>
    <message>
        <source>Looking at the pictures...</source>
        <translation>正在查看圖片...</translation>
    </message>
    <message>
        <source>{done} / {total} pictures</source>
        <translation>{done} / {total} 張圖片</translation>
    </message>
    <message>
        <source>Done: {n}.</source>
        <translation>完成：{n}。</translation>
    </message>
    <message>
        <source>Prediction did not finish</source>
        <translation>預測未完成</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>{n}, {unsure} unsure, {unlike} not like the training pictures, {failed} could not be read.</source>
        <translation>{n}，{unsure} 張不確定，{unlike} 張不像訓練圖片，{failed} 張無法讀取。</translation>
    </message>
    <message>
        <source>Export the answers</source>
        <translation>匯出答案</translation>
    </message>
    <message>
        <source>CSV tables (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>匯出 CSV</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已儲存 {path}</translation>
    </message>
</context>
<context>
    <name>PredictionInput</name>
    <message>
        <source>Choose pictures</source>
        <translation>選擇圖片</translation>
    </message>
    <message>
        <source>Choose a folder of pictures</source>
        <translation>選擇圖片資料夾</translation>
    </message>
    <message>
        <source>The clipboard holds no picture. Copy a picture first.</source>
        <translation>剪貼簿中沒有圖片。請先複製一張圖片。</translation>
    </message>
    <message>
        <source>pasted picture {n}</source>
        <translation>貼上的圖片 {n}</translation>
    </message>
</context>
<context>
    <name>PredictionTableModel</name>
    <message>
        <source>Picture</source>
        <translation>圖片</translation>
    </message>
    <message>
        <source>File</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>Top three answers</source>
        <translation>前三名答案</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <source>Could not read: {error}</source>
        <translation>無法讀取：{error}</translation>
    </message>
    <message>
        <source>Not like the training pictures (closest: {label} {probability})</source>
        <translation>不像訓練圖片（最接近：{label} {probability}）</translation>
    </message>
    <message>
        <source>unsure (maybe {label})</source>
        <translation>不確定（也許是 {label}）</translation>
    </message>
    <message>
        <source>{answer}: confirmed, added to the dataset</source>
        <translation>{answer}：已確認，已加入資料集</translation>
    </message>
    <message>
        <source>{answer}: corrected to {name}, added to the dataset</source>
        <translation>{answer}：已更正為 {name}，已加入資料集</translation>
    </message>
</context>
<context>
    <name>ProblemActions</name>
    <message>
        <source>Double-click a problem to open the folder that holds the file, or to see the copies of a picture side by side; right-click for the choices.</source>
        <translation>按兩下問題可開啟該檔案所在的資料夾，或並排查看同一張圖片的副本；按右鍵可看選項。</translation>
    </message>
    <message>
        <source>Show the {n} copies side by side</source>
        <translation>並排顯示這 {n} 個副本</translation>
    </message>
    <message>
        <source>Show the two copies side by side</source>
        <translation>並排顯示這兩個副本</translation>
    </message>
    <message>
        <source>Open the folder that holds it</source>
        <translation>開啟它所在的資料夾</translation>
    </message>
</context>
<context>
    <name>RemovalUndo</name>
    <message>
        <source>&amp;Undo remove &apos;{name}&apos;</source>
        <translation>復原移除「{name}」(&amp;U)</translation>
    </message>
    <message>
        <source>Put the class and its pictures back.</source>
        <translation>把類別及其圖片放回來。</translation>
    </message>
</context>
<context>
    <name>ReportExport</name>
    <message>
        <source>Export &amp;report...</source>
        <translation>匯出報告(&amp;R)...</translation>
    </message>
    <message>
        <source>Write one web page with the dataset, settings, curves, test results and record of the model, to hand in or keep</source>
        <translation>寫出一個網頁，包含資料集、設定、曲線、測試結果與模型紀錄，可繳交或保存</translation>
    </message>
    <message>
        <source>Export a report</source>
        <translation>匯出報告</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>網頁 (*.html)</translation>
    </message>
    <message>
        <source>Writing the report...</source>
        <translation>正在寫入報告...</translation>
    </message>
    <message>
        <source>Wrote the report to {path}</source>
        <translation>已將報告寫入 {path}</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>匯出報告</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <source>Result</source>
        <translation>結果</translation>
    </message>
    <message>
        <source>Not trained yet.</source>
        <translation>尚未訓練。</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>詳細資料</translation>
    </message>
    <message>
        <source>Sa&amp;ve model...</source>
        <translation>儲存模型(&amp;V)...</translation>
    </message>
    <message>
        <source>Save &amp;plots as PNG...</source>
        <translation>將圖表存成 PNG(&amp;P)...</translation>
    </message>
    <message>
        <source>{title}: {value}.</source>
        <translation>{title}：{value}。</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未測量</translation>
    </message>
    <message>
        <source>It uses {settings}, chosen because they did as well as any setting tried on pictures held out from training.</source>
        <translation>它使用 {settings}，選擇它們是因為在保留不參與訓練的圖片上，它們的表現不輸任何嘗試過的設定。</translation>
    </message>
    <message>
        <source>It uses your settings: {settings}.</source>
        <translation>它使用你的設定：{settings}。</translation>
    </message>
    <message>
        <source>Trained in {time} on {device}.</source>
        <translation>在 {device} 上訓練了 {time}。</translation>
    </message>
    <message>
        <source>How the settings were chosen: {reason}</source>
        <translation>設定的選擇方式：{reason}</translation>
    </message>
    <message>
        <source>Settings:</source>
        <translation>設定：</translation>
    </message>
    <message>
        <source>Test accuracy: no test pictures, so how well it does on new pictures is not known.</source>
        <translation>測試準確率：沒有測試圖片，所以不知道它在新圖片上表現如何。</translation>
    </message>
    <message>
        <source>Test accuracy: {value}.</source>
        <translation>測試準確率：{value}。</translation>
    </message>
</context>
<context>
    <name>RetrainComparison</name>
    <message>
        <source>After retraining with {added}: accuracy on the same {tested}: {before} before, {after} after.</source>
        <translation>加入 {added} 重新訓練後，在相同的 {tested} 上的準確率：之前 {before}，之後 {after}。</translation>
    </message>
</context>
<context>
    <name>SelectedPicturePanel</name>
    <message>
        <source>Nearest training pictures</source>
        <translation>最近的訓練圖片</translation>
    </message>
    <message>
        <source>Select a test picture to see the training pictures that voted.</source>
        <translation>選取一張測試圖片，查看投票的訓練圖片。</translation>
    </message>
    <message>
        <source>Nearest training pictures (the voters)</source>
        <translation>最近的訓練圖片（投票者）</translation>
    </message>
    <message>
        <source>Selected picture</source>
        <translation>所選圖片</translation>
    </message>
    <message>
        <source>Select a test picture.</source>
        <translation>請選取一張測試圖片。</translation>
    </message>
    <message>
        <source>Looking for the training pictures nearest to {name}...</source>
        <translation>正在尋找最接近 {name} 的訓練圖片...</translation>
    </message>
    <message>
        <source>{caption}
{path}</source>
        <translation>{caption}
{path}</translation>
    </message>
    <message>
        <source>The training picture nearest to {name} (a smaller distance means more alike):</source>
        <translation>最接近 {name} 的訓練圖片（距離越小表示越相像）：</translation>
    </message>
    <message>
        <source>All {k} training pictures nearest to {name}, nearest first (a smaller distance means more alike):</source>
        <translation>最接近 {name} 的全部 {k} 張訓練圖片，由近到遠（距離越小表示越相像）：</translation>
    </message>
</context>
<context>
    <name>SessionGuard</name>
    <message>
        <source>Save the model?</source>
        <translation>要儲存模型嗎？</translation>
    </message>
    <message>
        <source>The model you trained has not been saved. Without saving, it is lost.</source>
        <translation>你訓練的模型尚未儲存。不儲存的話，它就會消失。</translation>
    </message>
    <message>
        <source>The &quot;unsure&quot; threshold you set is not saved with the model yet. Without saving, it is lost.</source>
        <translation>你設定的「不確定」門檻尚未與模型一起儲存。不儲存的話，它就會消失。</translation>
    </message>
    <message>
        <source>Do&amp;n&apos;t save</source>
        <translation>不要儲存(&amp;N)</translation>
    </message>
    <message>
        <source>Stop the training?</source>
        <translation>要停止訓練嗎？</translation>
    </message>
    <message>
        <source>A model is being trained on the pictures now open. Stop the training first? The model trained before (if any) stays in use.</source>
        <translation>正在以目前開啟的圖片訓練模型。要先停止訓練嗎？先前訓練的模型（如果有）會繼續使用。</translation>
    </message>
    <message>
        <source>&amp;Stop the training</source>
        <translation>停止訓練(&amp;S)</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>The settings file could not be read, so the usual settings are used.</source>
        <translation>無法讀取設定檔，所以使用一般的設定。</translation>
    </message>
    <message>
        <source>The settings file in {folder} cannot be written, so your choices will not be remembered next time.</source>
        <translation>無法寫入 {folder} 中的設定檔，所以下次不會記得你的選擇。</translation>
    </message>
    <message>
        <source>Some remembered settings were not valid and were put back to their usual values: {keys}.</source>
        <translation>有些記住的設定無效，已恢復為一般的值：{keys}。</translation>
    </message>
</context>
<context>
    <name>SideBySide</name>
    <message>
        <source>The same picture in two places</source>
        <translation>同一張圖片出現在兩個地方</translation>
    </message>
    <message>
        <source>Loading the picture...</source>
        <translation>正在載入圖片...</translation>
    </message>
</context>
<context>
    <name>SplitPanel</name>
    <message>
        <source>How the pictures are shared out</source>
        <translation>圖片如何分配</translation>
    </message>
    <message>
        <source>Pictures set aside to choose the settings (not learned from).</source>
        <translation>保留下來用於選擇設定的圖片（不從中學習）。</translation>
    </message>
    <message>
        <source>Pictures kept hidden until the end, to measure how good the model is.</source>
        <translation>保留到最後才使用的圖片，用來衡量模型有多好。</translation>
    </message>
    <message>
        <source>The same number gives the same random share-out every time.</source>
        <translation>相同的數字每次都會產生相同的隨機分配。</translation>
    </message>
    <message>
        <source>Training:</source>
        <translation>訓練：</translation>
    </message>
    <message>
        <source>&amp;Validation:</source>
        <translation>驗證(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Test:</source>
        <translation>測試(&amp;T)：</translation>
    </message>
    <message>
        <source>Random s&amp;eed:</source>
        <translation>亂數種子(&amp;E)：</translation>
    </message>
    <message>
        <source>{n} % (the pictures not set aside below)</source>
        <translation>{n} %（未在下方保留的圖片）</translation>
    </message>
    <message>
        <source>This folder has its own {folders} folders: they are used as they are, and a percentage above applies only to a share the folder does not have.</source>
        <translation>此資料夾有自己的 {folders} 資料夾：它們會照原樣使用，上方的百分比只適用於資料夾沒有的部分。</translation>
    </message>
    <message>
        <source>{n} ({p:.0f} %)</source>
        <translation>{n}（{p:.0f} %）</translation>
    </message>
    <message>
        <source>the pictures of train/ not set aside below</source>
        <translation>train/ 中未在下方保留的圖片</translation>
    </message>
    <message>
        <source>the pictures not set aside below</source>
        <translation>未在下方保留的圖片</translation>
    </message>
    <message>
        <source>its own {split}/ folder, used as it is</source>
        <translation>它自己的 {split}/ 資料夾，照原樣使用</translation>
    </message>
    <message>
        <source>taken at random from train/</source>
        <translation>從 train/ 隨機取出</translation>
    </message>
    <message>
        <source>taken at random from all the pictures</source>
        <translation>從所有圖片中隨機取出</translation>
    </message>
    <message>
        <source>none: the settings are not checked on held-out pictures</source>
        <translation>無：不在保留的圖片上檢查設定</translation>
    </message>
    <message>
        <source>none: the model is not tested at the end</source>
        <translation>無：最後不測試模型</translation>
    </message>
    <message>
        <source>{amount}: {where}</source>
        <translation>{amount}：{where}</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Confusion matrix (rows: true class, columns: its answer; click a cell to see its pictures)</source>
        <translation>混淆矩陣（列：真實類別，欄：它的答案；按一下格子查看其中的圖片）</translation>
    </message>
    <message>
        <source>Each cell counts the test pictures of the row&apos;s class that were answered as the column&apos;s class. Click one to see them below.</source>
        <translation>每個格子計算該列類別的測試圖片中，被回答為該欄類別的數量。按一下即可在下方查看。</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>各類別</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精確率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>Pictures</source>
        <translation>圖片數</translation>
    </message>
    <message>
        <source>The class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Precision: of the pictures it answered as this class, the share that really are (1.00: when it says this class, it is always right).</source>
        <translation>精確率：在它回答為此類別的圖片中，真正屬於此類別的比例（1.00：它說是此類別時，一定是對的）。</translation>
    </message>
    <message>
        <source>Recall: of the test pictures of this class, the share it recognised (1.00: it found every one).</source>
        <translation>召回率：在此類別的測試圖片中，它認出的比例（1.00：每一張都找到了）。</translation>
    </message>
    <message>
        <source>F1: precision and recall in one number, their harmonic mean (1.00 is perfect; low when either is low).</source>
        <translation>F1：把精確率與召回率合成一個數字，即兩者的調和平均（1.00 為完美；任一者低時它就低）。</translation>
    </message>
    <message>
        <source>Test pictures of this class.</source>
        <translation>此類別的測試圖片。</translation>
    </message>
    <message>
        <source>Pictures in the selected cell</source>
        <translation>所選格子中的圖片</translation>
    </message>
    <message>
        <source>answered &apos;{name}&apos;</source>
        <translation>回答為「{name}」</translation>
    </message>
    <message>
        <source>true class &apos;{name}&apos;</source>
        <translation>真實類別「{name}」</translation>
    </message>
    <message>
        <source>{n} pictures of &apos;{true}&apos; answered as &apos;{predicted}&apos; ({share} of &apos;{true}&apos;)</source>
        <translation>「{true}」的 {n} 張圖片被回答為「{predicted}」（佔「{true}」的 {share}）</translation>
    </message>
    <message>
        <source>The pictures are not available for a model opened from a file.</source>
        <translation>從檔案開啟的模型無法提供這些圖片。</translation>
    </message>
    <message>
        <source>True &apos;{true}&apos;, answered &apos;{predicted}&apos;: {n}</source>
        <translation>真實為「{true}」，回答為「{predicted}」：{n}</translation>
    </message>
</context>
<context>
    <name>TemplatesView</name>
    <message>
        <source>Templates: what each class looks for</source>
        <translation>範本：每個類別在找什麼</translation>
    </message>
    <message>
        <source>&amp;Export PNG...</source>
        <translation>匯出 PNG(&amp;E)...</translation>
    </message>
    <message>
        <source>There is no model yet. Train one on the Train tab.</source>
        <translation>還沒有模型。請在「訓練」分頁訓練一個。</translation>
    </message>
    <message>
        <source>Each class&apos;s row of the weights W shown as a picture of {size} x {size} pixels: the weight the model gives each pixel&apos;s red, green and blue value (the standardisation undone, so it is the weight on the picture itself), stretched from black to white for each class on its own. Bright: pixels that raise the class&apos;s score; dark: pixels that lower it.</source>
        <translation>權重 W 中每個類別的那一列，以 {size} x {size} 像素的圖片顯示：模型給每個像素紅、綠、藍值的權重（已還原標準化，所以是圖片本身的權重），每個類別各自從黑延展到白。亮：提高該類別分數的像素；暗：降低分數的像素。</translation>
    </message>
    <message>
        <source>On pretrained features the weights W work on the network&apos;s 1,280 numbers, not on pixels, so they have no picture form. Shown instead: for each class, the training pictures the model scores highest for it (their own class in brackets).</source>
        <translation>使用預訓練特徵時，權重 W 作用在網路的 1,280 個數字上，而不是像素，所以無法畫成圖片。改為顯示：每個類別中，模型給分最高的訓練圖片（括號內是它們自己的類別）。</translation>
    </message>
    <message>
        <source>The {classifier} has no templates: it learns no weights, it keeps its training pictures and compares each new picture with them. &quot;Why?&quot; on the Predict or Evaluate tab shows the training pictures that voted.</source>
        <translation>{classifier} 沒有範本：它不學習權重，而是保留訓練圖片，把每張新圖片和它們比較。「預測」或「評估」分頁上的「為什麼？」會顯示投票的訓練圖片。</translation>
    </message>
    <message>
        <source>Open the folder this model was trained on (Dataset tab) and train again to see its highest-scoring training pictures.</source>
        <translation>請開啟此模型訓練時使用的資料夾（「資料集」分頁）並再訓練一次，即可看到分數最高的訓練圖片。</translation>
    </message>
    <message>
        <source>Scoring the training pictures...</source>
        <translation>正在為訓練圖片評分...</translation>
    </message>
    <message>
        <source>Scoring the training pictures</source>
        <translation>正在為訓練圖片評分</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已儲存 {path}</translation>
    </message>
    <message>
        <source>Export the templates</source>
        <translation>匯出範本</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 圖片 (*.png)</translation>
    </message>
    <message>
        <source>Writing the PNG</source>
        <translation>正在寫入 PNG</translation>
    </message>
    <message>
        <source>The PNG could not be written: {error}.</source>
        <translation>無法寫入 PNG：{error}。</translation>
    </message>
    <message>
        <source>Writing {path}...</source>
        <translation>正在寫入 {path}...</translation>
    </message>
    <message>
        <source>&amp;Templates...</source>
        <translation>範本(&amp;T)...</translation>
    </message>
    <message>
        <source>What each class looks for: its weights as a picture (pixel features), or the training pictures it scores highest.</source>
        <translation>每個類別在找什麼：畫成圖片的權重（像素特徵），或給分最高的訓練圖片。</translation>
    </message>
</context>
<context>
    <name>TrainEstimate</name>
    <message>
        <source>the features of all {n} are ready</source>
        <translation>全部 {n} 的特徵都已備妥</translation>
    </message>
    <message>
        <source>{time} to compute the features of the {n}</source>
        <translation>計算這 {n} 的特徵需 {time}</translation>
    </message>
    <message>
        <source>{time} to compute the features of {n} (the others are ready)</source>
        <translation>計算其中 {n} 的特徵需 {time}（其餘已備妥）</translation>
    </message>
    <message>
        <source>About {total} on this computer: {features}, {training} to choose the settings and train.</source>
        <translation>在這台電腦上約需 {total}：{features}，{training} 選擇設定並訓練。</translation>
    </message>
    <message>
        <source>(A first guess: nothing measured on this computer yet.)</source>
        <translation>（初步估計：還沒有在這台電腦上測量過。）</translation>
    </message>
</context>
<context>
    <name>TrainRunEvents</name>
    <message>
        <source>Chosen: {reason}</source>
        <translation>已選擇：{reason}</translation>
    </message>
    <message>
        <source>Tried {params}: {accuracy} on the validation pictures</source>
        <translation>嘗試 {params}：在驗證圖片上為 {accuracy}</translation>
    </message>
    <message>
        <source>Computing features</source>
        <translation>正在計算特徵</translation>
    </message>
    <message>
        <source>Checking pictures</source>
        <translation>正在檢查圖片</translation>
    </message>
    <message>
        <source>Trying settings</source>
        <translation>正在嘗試設定</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>訓練中</translation>
    </message>
    <message>
        <source>Testing</source>
        <translation>測試中</translation>
    </message>
    <message>
        <source>Predicting</source>
        <translation>預測中</translation>
    </message>
    <message>
        <source>Training: epoch {done} / {total}</source>
        <translation>訓練中：第 {done} / {total} 輪</translation>
    </message>
    <message>
        <source>, then about {time} to choose the settings and train</source>
        <translation>，接著約 {time} 選擇設定並訓練</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>There is no model yet.</source>
        <translation>還沒有模型。</translation>
    </message>
    <message>
        <source>The model trained before is still in use (Evaluate and Predict show it); Save model saves it.</source>
        <translation>先前訓練的模型仍在使用中（「評估」與「預測」顯示的是它）；「儲存模型」會儲存它。</translation>
    </message>
    <message>
        <source>Training did not finish: {message}</source>
        <translation>訓練未完成：{message}</translation>
    </message>
    <message>
        <source>Training did not finish.</source>
        <translation>訓練未完成。</translation>
    </message>
    <message>
        <source>Training did not finish</source>
        <translation>訓練未完成</translation>
    </message>
    <message>
        <source>Training stopped. Nothing was changed; you can start again.</source>
        <translation>訓練已停止。沒有任何變更；你可以重新開始。</translation>
    </message>
    <message>
        <source>Stopped before the end.</source>
        <translation>在結束前停止。</translation>
    </message>
    <message>
        <source>Stopped by you.</source>
        <translation>由你停止。</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <source>&amp;Start training</source>
        <translation>開始訓練(&amp;S)</translation>
    </message>
    <message>
        <source>Ca&amp;ncel</source>
        <translation>取消(&amp;N)</translation>
    </message>
    <message>
        <source>What happened during training, and any warnings.</source>
        <translation>訓練期間發生的事，以及任何警告。</translation>
    </message>
    <message>
        <source>First choose the pictures to learn from on the Dataset tab.</source>
        <translation>請先在「資料集」分頁選擇要學習的圖片。</translation>
    </message>
    <message>
        <source>Go to the Dataset tab</source>
        <translation>前往「資料集」分頁</translation>
    </message>
    <message>
        <source>Will train: {model}, on {n} pictures in {c} classes.</source>
        <translation>將訓練：{model}，使用 {c} 個類別中的 {n} 張圖片。</translation>
    </message>
    <message>
        <source>Training...</source>
        <translation>訓練中...</translation>
    </message>
    <message>
        <source>Starting...</source>
        <translation>開始中...</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>停止中...</translation>
    </message>
    <message>
        <source>Saving the model to {path}...</source>
        <translation>正在將模型儲存到 {path}...</translation>
    </message>
    <message>
        <source>Model saved to {path}</source>
        <translation>模型已儲存到 {path}</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>儲存模型</translation>
    </message>
    <message>
        <source>Save the plots</source>
        <translation>儲存圖表</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 圖片 (*.png)</translation>
    </message>
    <message>
        <source>Save plots</source>
        <translation>儲存圖表</translation>
    </message>
    <message>
        <source>Cannot write {path}. Choose another folder.</source>
        <translation>無法寫入 {path}。請選擇其他資料夾。</translation>
    </message>
    <message>
        <source>Not trained yet.</source>
        <translation>尚未訓練。</translation>
    </message>
    <message>
        <source>trained earlier</source>
        <translation>先前訓練</translation>
    </message>
    <message>
        <source>Not trained on these pictures yet. The model in use ({source}) was not trained on them here: Evaluate and Predict show it, and Save model saves it.</source>
        <translation>尚未以這些圖片訓練。使用中的模型（{source}）並非在這裡以它們訓練：「評估」與「預測」顯示的是它，「儲存模型」儲存的也是它。</translation>
    </message>
    <message>
        <source>Training... Watch the curves; you can Cancel at any time.</source>
        <translation>訓練中...請觀察曲線；隨時可以按「取消」。</translation>
    </message>
    <message>
        <source>Done. Save the model, or see how good it is on the Evaluate tab.</source>
        <translation>完成。請儲存模型，或在「評估」分頁看看它有多好。</translation>
    </message>
    <message>
        <source>Working out how long it will take...</source>
        <translation>正在估算需要多久...</translation>
    </message>
    <message>
        <source>Press Start training. {expect}</source>
        <translation>請按「開始訓練」。{expect}</translation>
    </message>
</context>
<context>
    <name>UnsureSentence</name>
    <message>
        <source>Mark unsure answers again (below {threshold})</source>
        <translation>再次標出不確定的答案（低於 {threshold}）</translation>
    </message>
    <message>
        <source>&amp;Answer every picture</source>
        <translation>回答每張圖片(&amp;A)</translation>
    </message>
    <message>
        <source>Answer every picture with the most likely class, however unsure, or go back to the model&apos;s own setting.</source>
        <translation>不論多不確定，都以最可能的類別回答每張圖片；或回到模型自己的設定。</translation>
    </message>
    <message>
        <source>on the {n} test pictures</source>
        <translation>在 {n} 張測試圖片上</translation>
    </message>
    <message>
        <source>on the {n} pictures set aside to check it</source>
        <translation>在保留用來檢查的 {n} 張圖片上</translation>
    </message>
    <message>
        <source>Every picture gets an answer; there were no test pictures to say how often they are right.</source>
        <translation>每張圖片都得到答案；沒有測試圖片可以說明它們答對的頻率。</translation>
    </message>
    <message>
        <source>Answers below {threshold} are marked unsure; there were no test pictures to say what that buys.</source>
        <translation>低於 {threshold} 的答案標為不確定；沒有測試圖片可以說明這樣做的效果。</translation>
    </message>
    <message>
        <source>Every picture gets an answer: {accuracy} of them were right {where}.</source>
        <translation>每張圖片都得到答案：{where}，其中 {accuracy} 答對。</translation>
    </message>
    <message>
        <source>No answer reached {threshold} {where}: nearly every picture will be marked unsure.</source>
        <translation>{where}，沒有答案達到 {threshold}：幾乎每張圖片都會標為不確定。</translation>
    </message>
    <message>
        <source>Answers at or above {threshold} were right {accuracy} of the time {where}; {below} of pictures fall below and are marked unsure.</source>
        <translation>{where}，達到或高於 {threshold} 的答案有 {accuracy} 的時候答對；{below} 的圖片低於此值，標為不確定。</translation>
    </message>
</context>
<context>
    <name>ViewableThumbnailView</name>
    <message>
        <source>Double-click a picture (or press Enter) to see it large.</source>
        <translation>按兩下圖片（或按 Enter）可放大檢視。</translation>
    </message>
</context>
<context>
    <name>WhyButton</name>
    <message>
        <source>&amp;Why?</source>
        <translation>為什麼(&amp;W)？</translation>
    </message>
    <message>
        <source>How the model came to its answer for the selected picture: its scores and loss step by step, or the training pictures that voted.</source>
        <translation>模型如何得出所選圖片的答案：逐步顯示分數與損失，或投票的訓練圖片。</translation>
    </message>
    <message>
        <source>Why?</source>
        <translation>為什麼？</translation>
    </message>
</context>
<context>
    <name>WhyView</name>
    <message>
        <source>Why? Scores and loss, step by step</source>
        <translation>為什麼？逐步看分數與損失</translation>
    </message>
    <message>
        <source>&amp;Lecture example</source>
        <translation>課堂範例(&amp;L)</translation>
    </message>
    <message>
        <source>The lecture&apos;s cat / car / frog scores, worked out the same way.</source>
        <translation>課堂上貓 / 車 / 青蛙的分數，以相同方式算出。</translation>
    </message>
    <message>
        <source>&amp;Open a picture...</source>
        <translation>開啟圖片(&amp;O)...</translation>
    </message>
    <message>
        <source>Any picture: see how the model in use answers it, step by step.</source>
        <translation>任何圖片：逐步看使用中的模型如何回答它。</translation>
    </message>
    <message>
        <source>Class scores s = Wx + b (one column per picture; its right class in bold)</source>
        <translation>類別分數 s = Wx + b（每張圖片一欄；正確類別以粗體顯示）</translation>
    </message>
    <message>
        <source>Multiclass SVM loss: L = sum over the wrong classes j of max(0, s_j - s_y + 1), y the right class</source>
        <translation>多類別 SVM 損失：L = 對所有錯誤類別 j 加總 max(0, s_j - s_y + 1)，y 為正確類別</translation>
    </message>
    <message>
        <source>Softmax loss: exp of each score, normalised to sum 1, then L = -log(probability of the right class)</source>
        <translation>Softmax 損失：對每個分數取 exp，正規化使總和為 1，再求 L = -log(正確類別的機率)</translation>
    </message>
    <message>
        <source>The model&apos;s answer</source>
        <translation>模型的答案</translation>
    </message>
    <message>
        <source>The nearest training pictures and their vote</source>
        <translation>最近的訓練圖片及其投票</translation>
    </message>
    <message>
        <source>Working out the answer for {name}...</source>
        <translation>正在算出 {name} 的答案...</translation>
    </message>
    <message>
        <source>Working out the answer</source>
        <translation>正在算出答案</translation>
    </message>
    <message>
        <source>This picture is not a file any more (a pasted picture is not kept): save it as a file and open it on the Predict tab to see why.</source>
        <translation>這張圖片已不是檔案（貼上的圖片不會保留）：請把它存成檔案，再到「預測」分頁開啟，以查看原因。</translation>
    </message>
    <message>
        <source>There is no model yet. Train one on the Train tab, or open a model file.</source>
        <translation>還沒有模型。請在「訓練」分頁訓練一個，或開啟模型檔。</translation>
    </message>
    <message>
        <source>Choose a picture</source>
        <translation>選擇圖片</translation>
    </message>
    <message>
        <source>The lecture&apos;s example: three pictures (a cat, a car, a frog), each given a score for the classes cat, car and frog.</source>
        <translation>課堂範例：三張圖片（一隻貓、一輛車、一隻青蛙），每張都有對類別 cat、car、frog 的分數。</translation>
    </message>
    <message>
        <source>{name} picture</source>
        <translation>{name} 圖片</translation>
    </message>
    <message>
        <source>Mean over the three pictures: ({losses}) / 3 = {mean}</source>
        <translation>三張圖片的平均：({losses}) / 3 = {mean}</translation>
    </message>
    <message>
        <source>{name}
Answer of the {classifier}: {answer} ({probability})</source>
        <translation>{name}
{classifier} 的答案：{answer}（{probability}）</translation>
    </message>
    <message>
        <source>The {classifier} has no step-by-step view of its answer.</source>
        <translation>{classifier} 沒有逐步解說答案的檢視。</translation>
    </message>
    <message>
        <source>Another model is in use now: choose &quot;Why?&quot; again, or open a picture.</source>
        <translation>現在使用的是另一個模型：請再選一次「為什麼？」，或開啟一張圖片。</translation>
    </message>
    <message>
        <source>Its right class (its folder):</source>
        <translation>它的正確類別（它的資料夾）：</translation>
    </message>
    <message>
        <source>Its right class is not known; work the losses out as if it &amp;were:</source>
        <translation>不知道它的正確類別；假設它是下列類別來計算損失(&amp;W)：</translation>
    </message>
    <message>
        <source>this picture</source>
        <translation>這張圖片</translation>
    </message>
    <message>
        <source>Loss (sum)</source>
        <translation>損失（總和）</translation>
    </message>
    <message>
        <source>right class</source>
        <translation>正確類別</translation>
    </message>
    <message>
        <source>score s</source>
        <translation>分數 s</translation>
    </message>
    <message>
        <source>probability = exp / sum</source>
        <translation>機率 = exp / 總和</translation>
    </message>
    <message>
        <source>Sum of the exps: {total}. Loss = -log(probability of &apos;{name}&apos;) = -log({p}) = {loss} (natural log).</source>
        <translation>exp 的總和：{total}。損失 = -log(「{name}」的機率) = -log({p}) = {loss}（自然對數）。</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>機率</translation>
    </message>
    <message>
        <source>The model&apos;s percentages are calibrated on pictures it did not learn from, so they can differ from the plain softmax above: they say how often answers like this one were right. This model keeps no training pictures, so it cannot show the ones nearest to this picture (a kNN model can).</source>
        <translation>模型的百分比是以它沒有學過的圖片校準的，所以可能與上方單純的 softmax 不同：它們表示像這樣的答案答對的頻率。此模型不保留訓練圖片，所以無法顯示最接近這張圖片的訓練圖片（kNN 模型可以）。</translation>
    </message>
    <message>
        <source>The k = {k} training pictures nearest to this picture ({distance} distance), nearest first. Each one votes for its class{weighting}.</source>
        <translation>最接近這張圖片的 k = {k} 張訓練圖片（{distance} 距離），由近到遠。每張為自己的類別投票{weighting}。</translation>
    </message>
    <message>
        <source>, closer ones counting more</source>
        <translation>，越近的份量越重</translation>
    </message>
    <message>
        <source>{path}
class: {name}
distance: {distance}</source>
        <translation>{path}
類別：{name}
距離：{distance}</translation>
    </message>
    <message>
        <source>votes</source>
        <translation>票數</translation>
    </message>
    <message>
        <source>share of the vote</source>
        <translation>得票比例</translation>
    </message>
    <message>
        <source>The class with the largest share of the vote wins: {name}. On a tie, the class whose neighbours are closer.</source>
        <translation>得票比例最高的類別勝出：{name}。平手時，鄰居較近的類別勝出。</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <source>The computer ran out of memory. Try fewer or smaller pictures, or tick &quot;Use the CPU only&quot; on the Train tab.</source>
        <translation>電腦的記憶體不足。請試著用較少或較小的圖片，或在「訓練」分頁勾選「只使用 CPU」。</translation>
    </message>
    <message>
        <source>Something went wrong that the app did not expect. Nothing was changed. You can try again; if it keeps happening, the details below help to report it.</source>
        <translation>發生了本程式預期之外的錯誤。沒有任何變更。你可以再試一次；如果一直發生，下方的詳細資料有助於回報問題。</translation>
    </message>
</context>
</TS>
