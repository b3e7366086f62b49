/** Starts a download of `bytes` named `name`: a ZIP (`.3tz` or a tileset folder) unless `type` says otherwise. */
export function downloadBytes(bytes: BlobPart, name: string, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Late enough for the browser to have read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
