namespace Siprec.Recording.Admission;

/// <summary>
/// One reason the recorder may refuse new calls (a full disk, a node draining...). Consulted for every new INVITE,
/// which then gets 503 with Retry-After, and every OPTIONS, which gets 503: the SRC fails over to another recorder.
/// Must be fast and thread-safe; called on the SIP path.
/// </summary>
public interface ISrsAdmissionCheck
{
    /// <summary>The reason phrase to refuse new calls with now, or null to accept them.</summary>
    string? RefusalReason();
}
