namespace Siprec.Recording.Signalling;

/// <summary>How strictly recording requests are checked (bound from <c>SIPREC_STRICT</c> by the host).</summary>
public sealed record RecordingSignallingOptions
{
    /// <summary>
    /// When true, a new INVITE must mark itself as a recording session: <c>+sip.src</c> on its Contact and the
    /// <c>siprec</c> option tag in Require or Supported; otherwise it is answered 403 (Forbidden) with a Warning,
    /// since the request is understood but not one this server takes. When false (default) such INVITEs are recorded too.
    /// </summary>
    public bool Strict { get; init; }
}
