namespace Siprec.Recording.Admission;

/// <summary>One reason this node may refuse new calls: answered by new INVITEs and OPTIONS probes alike.</summary>
public interface IAdmissionCheck
{
    /// <summary>The reason phrase of the 503 that refuses a new call now, or null when this check admits it.</summary>
    string? RefusalReason();
}
