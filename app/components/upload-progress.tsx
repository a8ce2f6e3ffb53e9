import { useNavigate } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";

type Progress = { stage: "idle" } | { stage: "uploading"; percent: number } | { stage: "checking" } | { stage: "failed" };

/**
 * Sends a file upload form with XMLHttpRequest so its progress can be shown, then follows the server's redirect
 * as a normal navigation. Without JavaScript, or when no file is chosen, the form posts as usual; if the upload
 * is refused (a 4xx or 5xx answer, or the network fails) the form is posted again the plain way, so the page
 * shows the server's own message.
 */
export function useUploadProgress(fileField: string) {
  const navigate = useNavigate();
  const [progress, setProgress] = useState<Progress>({ stage: "idle" });
  const [fileName, setFileName] = useState("");
  const sending = useRef(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const input = form.elements.namedItem(fileField);
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (!file) return;
    event.preventDefault();
    if (sending.current) return; // one upload at a time: a second press waits for the first
    sending.current = true;
    setFileName(file.name);
    setProgress({ stage: "uploading", percent: 0 });
    const xhr = new XMLHttpRequest();
    const fallBack = () => {
      sending.current = false;
      setProgress({ stage: "failed" });
      form.submit();
    };
    xhr.open("POST", form.action);
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) setProgress({ stage: "uploading", percent: Math.floor((e.loaded / e.total) * 100) });
    });
    xhr.upload.addEventListener("load", () => setProgress({ stage: "checking" }));
    xhr.addEventListener("error", fallBack);
    xhr.addEventListener("load", () => {
      const to = new URL(xhr.responseURL || form.action);
      if (xhr.status >= 400 || to.origin !== window.location.origin || to.href === new URL(form.action).href) return fallBack();
      sending.current = false;
      setProgress({ stage: "idle" });
      navigate(to.pathname + to.search + to.hash);
    });
    xhr.send(new FormData(form));
  }

  return { onSubmit, status: <UploadStatus progress={progress} fileName={fileName} /> };
}

/** What is happening to the file: a labelled progress bar, and a polite live region that says each step once. */
function UploadStatus({ progress, fileName }: { progress: Progress; fileName: string }) {
  const step = progress.stage === "uploading" ? Math.floor(progress.percent / 25) * 25 : null;
  const said =
    progress.stage === "uploading"
      ? `Uploading ${fileName}: ${step}%`
      : progress.stage === "checking"
        ? `${fileName} is uploaded. Checking every row: this can take a few seconds.`
        : progress.stage === "failed"
          ? "The upload did not finish: sending the file again."
          : "";
  return (
    <div className="app-upload-progress">
      {(progress.stage === "uploading" || progress.stage === "checking") && (
        <>
          <label className="ds_label" htmlFor="upload-progress">
            {progress.stage === "uploading" ? `Uploading ${fileName}` : `Checking every row of ${fileName}`}
          </label>
          {progress.stage === "uploading" ? (
            <progress id="upload-progress" className="app-upload-progress__bar" max={100} value={progress.percent}>
              {progress.percent}%
            </progress>
          ) : (
            <progress id="upload-progress" className="app-upload-progress__bar" />
          )}
        </>
      )}
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
    </div>
  );
}
