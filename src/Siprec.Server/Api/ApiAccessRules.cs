namespace Siprec.Server.Api;

/// <summary>Endpoint metadata: which switches of the pause/resume API guard an endpoint and where its API key may come from.</summary>
/// <param name="PauseControl">Answered only while the pause/resume API is enabled (404 otherwise).</param>
/// <param name="PerSession">Answered only while per-session control is enabled (403 otherwise).</param>
/// <param name="KeyInQuery">Also takes the key from the <c>api_key</c> query parameter, for clients that cannot send headers.</param>
public sealed record ApiAccessRules(bool PauseControl, bool PerSession, bool KeyInQuery)
{
    /// <summary>Pause-all, resume-all and the status of every session.</summary>
    public static ApiAccessRules AllSessionsPauseControl { get; } = new(true, false, false);

    /// <summary>Pause, resume and the status of one session.</summary>
    public static ApiAccessRules SessionPauseControl { get; } = new(true, true, false);

    /// <summary>The event stream read by a browser's EventSource.</summary>
    public static ApiAccessRules EventSource { get; } = new(false, false, true);
}
