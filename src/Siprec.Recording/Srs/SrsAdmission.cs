using Siprec.Recording.Admission;

namespace Siprec.Recording.Srs;

/// <summary>The admission checks the INVITE and OPTIONS paths consult, in order; the first refusal wins.</summary>
internal sealed class SrsAdmission(IReadOnlyList<ISrsAdmissionCheck> checks)
{
    /// <summary>The first check's reason to refuse new calls, or null when every check accepts them.</summary>
    public string? RefusalReason()
    {
        foreach (var check in checks)
        {
            if (check.RefusalReason() is { } reason)
                return reason;
        }

        return null;
    }
}
