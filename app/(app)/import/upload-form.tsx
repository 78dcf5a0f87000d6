"use client";

import { entityLabels } from "@/lib/import/formats";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { ProgressBar } from "./progress-bar";

const entities = [["", "Recognise from the header"], ...Object.entries(entityLabels)] as const;

const MAX_BYTES = 200 * 1024 * 1024;
const megabytes = (n: number) => `${(n / 1024 / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB`;

/** Sends the file as the request body with upload progress (fetch cannot report it), then opens the new import. */
export function UploadForm() {
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [entity, setEntity] = useState("");
  const [sent, setSent] = useState<number | null>(null);
  const [reading, setReading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  function choose(f: File | undefined) {
    setError(null);
    if (!f) return;
    if (f.size > MAX_BYTES) {
      setError(`${f.name} is ${megabytes(f.size)}; the limit is 200 MB. Split it into smaller files and import them one after another.`);
      return;
    }
    setFile(f);
  }

  function upload() {
    if (!file) {
      setError("Choose a CSV file first.");
      return;
    }
    setError(null);
    setSent(0);
    const request = new XMLHttpRequest();
    const query = new URLSearchParams({ name: file.name, ...(entity ? { entity } : {}) });
    request.open("POST", `/api/imports?${query}`);
    request.setRequestHeader("content-type", "text/csv");
    request.upload.onprogress = (e) => setSent(e.loaded);
    request.upload.onload = () => setReading(true);
    request.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(request.responseText) as { id?: number; error?: string };
        } catch {
          return {};
        }
      })();
      if (request.status === 201 && body.id) {
        router.push(`/import/${body.id}`);
        return;
      }
      setSent(null);
      setReading(false);
      setError(body.error ?? `The upload failed (HTTP ${request.status}). Please try again.`);
    };
    request.onerror = () => {
      setSent(null);
      setReading(false);
      setError("The connection dropped during the upload; nothing was saved. Please try again.");
    };
    request.send(file);
  }

  const busy = sent !== null;
  return (
    <div className="space-y-4">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          choose(e.dataTransfer.files[0]);
        }}
        className={`rounded-lg border-2 border-dashed px-4 py-6 text-center transition-colors ${dragging ? "border-brand-500 bg-brand-50" : "border-slate-300 bg-slate-50"}`}
      >
        <p className="text-sm text-slate-700">
          {file ? (
            <>
              <span className="font-medium text-slate-900">{file.name}</span> · {megabytes(file.size)}
            </>
          ) : (
            "Drop a CSV export here, or"
          )}
        </p>
        <label htmlFor="import-file" className="mt-2 inline-block cursor-pointer text-sm font-medium text-brand-700 underline underline-offset-2 focus-within:outline-2">
          {file ? "choose another file" : "choose a file"}
          <input
            ref={input}
            id="import-file"
            type="file"
            accept=".csv,.tsv,.txt,text/csv"
            className="sr-only"
            disabled={busy}
            onChange={(e) => choose(e.target.files?.[0])}
          />
        </label>
        <p className="mt-2 text-xs text-slate-500">Salesforce reports, HubSpot exports or any CSV · UTF-8 · up to 200 MB</p>
      </div>
      <Field label="What the file holds" htmlFor="import-entity">
        <Select id="import-entity" value={entity} onChange={(e) => setEntity(e.target.value)} disabled={busy}>
          {entities.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </Select>
      </Field>
      {busy && file ? (
        <ProgressBar
          label={reading ? "Reading the file…" : "Uploading"}
          value={reading ? null : sent!}
          max={file.size}
          detail={reading ? "Recognising the format and counting the rows" : `${megabytes(sent!)} of ${megabytes(file.size)}`}
        />
      ) : null}
      <Button onClick={upload} disabled={busy || !file} className="w-full">
        {busy ? "Uploading…" : "Upload and recognise"}
      </Button>
    </div>
  );
}
