import type { Capabilities } from '../api/capabilities.js';

/** What the console shows on a server that does not offer Deskwire's own API (sign-in needs it). */
export function UnavailablePage({ capabilities }: { capabilities: Capabilities }) {
  return (
    <section className="panel narrow" aria-labelledby="unavailable-title">
      <h1 id="unavailable-title">Sign-in is not available on this server</h1>
      <p>
        The agent console works through Deskwire&apos;s own API (<code>/api/v1</code>), which this server does not offer
        yet. The vendor APIs are served as usual.
      </p>
      <dl className="facts">
        <dt>Native API</dt>
        <dd>{capabilities.nativeApi ? 'available' : 'not available'}</dd>
        <dt>Email replies</dt>
        <dd>{capabilities.replies ? 'available' : 'not available'}</dd>
        <dt>Live event stream</dt>
        <dd>{capabilities.events ? 'available' : 'not available (the console polls)'}</dd>
      </dl>
    </section>
  );
}
