import type { ComponentChildren } from 'preact';
import { t } from '../../i18n';
import { percent, type Job } from './job';

/**
 * A job's progress: an accessible progress bar (its value when the total is known,
 * indeterminate otherwise) with what it has done in words, announced politely; a
 * failure as an alert; once done, the download of its file and what the page adds.
 */
export function JobProgress({
  id,
  job,
  label,
  progress,
  downloadLabel,
  children,
}: {
  id: string;
  job: Job;
  /** What the job does, the bar's name ("Export of the audit log"). */
  label: string;
  /** What is done so far, in words. */
  progress: string;
  /** The download link's text; by default "Download <its file name>". */
  downloadLabel?: string;
  /** What the page shows once the job is done (its figures). */
  children?: ComponentChildren;
}) {
  if (job.state === 'failed') {
    return (
      <p id={id} class="form-error" role="alert">
        {t('admin.job.failed')}
      </p>
    );
  }
  const pct = percent(job);
  return (
    <div id={id} class="job-progress">
      <progress
        id={id + '-bar'}
        max={100}
        value={pct ?? undefined}
        aria-label={label}
        aria-valuetext={job.state === 'done' ? t('admin.job.done') : progress}
      />
      <p role="status" aria-live="polite">
        {job.state === 'queued' ? t('admin.job.queued') : job.state === 'done' ? t('admin.job.done') : progress}
      </p>
      {job.state === 'done' && children}
      {job.download && (
        <p>
          <a id={id + '-download'} class="button button-secondary" href={job.download.url} download={job.download.filename}>
            {downloadLabel ?? t('admin.job.download', { filename: job.download.filename })}
          </a>
        </p>
      )}
    </div>
  );
}
