namespace Siprec.Recording.Signalling;

/// <summary>How strictly recording requests are checked (bound from <c>SIPREC_STRICT</c> by the host).</summary>
public sealed record RecordingSignallingOptions
{
    /// <summary>
    /// When true, a new INVITE must mark itself as a recording session: <c>+sip.src</c> on its Contact and the
    /// <c>siprec</c> option tag in Require or Supported; otherwise it is answered 403 (Forbidden) with a Warning,
    /// since the request is understood but not one this server takes. Metadata that bends RFC 7865 (streams or
    /// participants without ids, placeholder participants) is refused with 400, and metadata streams that disagree with
    /// the SDP's labels with 488. When false (default) all of these are recorded, each leniency logged once per call.
    /// </summary>
    public bool Strict { get; init; }
}
