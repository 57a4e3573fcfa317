import type { Finding } from '../../core/types';
import { hidingLabel, percent } from './group-findings';
import { countInvisibles, showInvisibles } from './show-invisibles';

/** What an agent reads, shown in the card; long texts are cut (the full text stays in the page). */
const MAX_SHOWN_CHARS = 1_200;

/** One finding: the text as an agent reads it, why it was flagged, where it is. Text only, never HTML. */
export function FindingCard({ finding, onShow, busy }: { finding: Finding; onShow?: () => void; busy?: boolean }) {
  const invisibleInRaw = countInvisibles(finding.raw);
  const where = [
    finding.source + (finding.detail ? ` (${finding.detail})` : ''),
    finding.frame ? `frame: ${finding.frame}` : '',
  ].filter(Boolean);
  return (
    <article class={`finding finding-${finding.severity}`} data-testid="finding" data-severity={finding.severity} data-segment-id={finding.segmentId}>
      <p class="agent-text" data-testid="finding-text" aria-label="Text as an AI agent reads it">
        {showInvisibles(finding.text, MAX_SHOWN_CHARS)}
      </p>
      {invisibleInRaw > 0 ? (
        <p class="raw-text" data-testid="finding-raw">
          <span class="label">As written ({invisibleInRaw} invisible character{invisibleInRaw === 1 ? '' : 's'} shown): </span>
          {showInvisibles(finding.raw, MAX_SHOWN_CHARS)}
        </p>
      ) : null}
      {finding.invisible.decoded ? (
        <p class="raw-text" data-testid="finding-decoded">
          <span class="label">Smuggled in invisible characters: </span>
          {finding.invisible.decoded.slice(0, MAX_SHOWN_CHARS)}
        </p>
      ) : null}
      <dl class="why" data-testid="finding-why">
        <dt>Score</dt>
        <dd>
          {percent(finding.score)}
          {finding.modelScore !== null ? ` · model ${percent(finding.modelScore)}` : ' · model not used'}
          {` · rules ${percent(finding.ruleScore)}`}
        </dd>
        {finding.hidden.length > 0 ? (
          <>
            <dt>Hidden by</dt>
            <dd data-testid="finding-hidden">{finding.hidden.map(hidingLabel).join(', ')}</dd>
          </>
        ) : null}
        {finding.rules.length > 0 ? (
          <>
            <dt>Signals</dt>
            <dd data-testid="finding-rules">
              <ul>
                {finding.rules.map((rule) => (
                  <li key={rule.id}>{rule.label}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Where</dt>
        <dd data-testid="finding-where">
          {where.join(' · ')}
          {finding.selector ? <code class="selector">{finding.selector}</code> : null}
        </dd>
      </dl>
      {onShow ? (
        <button type="button" data-testid="show-in-page" onClick={onShow} disabled={busy}>
          Show in page
        </button>
      ) : null}
    </article>
  );
}
