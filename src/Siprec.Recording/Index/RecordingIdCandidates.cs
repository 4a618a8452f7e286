using System.Globalization;

namespace Siprec.Recording.Index;

/// <summary>
/// The ids a new row may take, in order of preference: the sidecar's file name stem, then the stem prefixed with its
/// date folder, then with the node, then numbered; the index takes the first one no other row holds.
/// </summary>
public static class RecordingIdCandidates
{
    /// <summary>The candidate at <paramref name="attempt"/> (from 0) for <paramref name="sidecarFile"/>, a root-relative path.</summary>
    public static string At(string sidecarFile, string? node, int attempt)
    {
        ArgumentNullException.ThrowIfNull(sidecarFile);
        var native = sidecarFile.Replace('/', Path.DirectorySeparatorChar);
        var stem = Path.GetFileNameWithoutExtension(native);
        var folder = Path.GetDirectoryName(native)?.Replace(Path.DirectorySeparatorChar.ToString(), string.Empty, StringComparison.Ordinal) ?? string.Empty;
        List<string> candidates = [stem];
        if (folder.Length > 0)
            candidates.Add($"{folder}-{stem}");
        if (!string.IsNullOrEmpty(node))
            candidates.Add($"{node}-{candidates[^1]}");
        return attempt < candidates.Count
            ? candidates[attempt]
            : $"{candidates[^1]}-{attempt.ToString(CultureInfo.InvariantCulture)}";
    }
}
