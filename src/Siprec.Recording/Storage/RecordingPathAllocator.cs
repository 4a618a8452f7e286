using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Siprec.Media.AtRest;

namespace Siprec.Recording.Storage;

/// <summary>
/// Chooses the files of a new session: <c>ROOT/YYYY/MM/DD/&lt;safe-name&gt;.wav</c>, where the name derives from the
/// Call-ID but can never leave the folder nor collide with another session's files.
/// </summary>
public sealed class RecordingPathAllocator
{
    private const int MaxReadableLength = 64;
    private const int MaxAttempts = 1000;
    private readonly string _root;

    /// <summary>Creates an allocator under <paramref name="root"/> (made absolute).</summary>
    public RecordingPathAllocator(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
    }

    /// <summary>The absolute recording root.</summary>
    public string Root => _root;

    /// <summary>
    /// Reserves a location for <paramref name="callId"/> by creating its WAV file exclusively, so two sessions
    /// (even with the same Call-ID) never share files.
    /// </summary>
    public RecordingLocation Allocate(string callId, DateTimeOffset startedAt)
    {
        ArgumentNullException.ThrowIfNull(callId);
        var utc = startedAt.UtcDateTime;
        var directory = Path.Combine(_root,
            utc.Year.ToString("D4", CultureInfo.InvariantCulture),
            utc.Month.ToString("D2", CultureInfo.InvariantCulture),
            utc.Day.ToString("D2", CultureInfo.InvariantCulture));
        OwnerOnlyFiles.CreateFolder(directory);
        var stem = SafeStem(callId);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var name = attempt == 1 ? stem : $"{stem}-{attempt.ToString(CultureInfo.InvariantCulture)}";
            var location = new RecordingLocation(directory, name);
            try
            {
                using (OwnerOnlyFiles.Open(location.AudioPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                }
                return location;
            }
            catch (IOException) when (File.Exists(location.AudioPath))
            {
                // Taken by an earlier session with the same stem; try the next suffix.
            }
        }
        throw new IOException($"no free recording file name for call {stem} after {MaxAttempts} attempts");
    }

    /// <summary>
    /// A file-name stem for a Call-ID: its safe characters (letters, digits, '.', '-', '_') kept readable, the rest
    /// replaced, plus a hash of the whole id so ids that differ only in replaced characters stay distinct.
    /// </summary>
    public static string SafeStem(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        var readable = new StringBuilder(Math.Min(callId.Length, MaxReadableLength));
        foreach (var c in callId)
        {
            if (readable.Length == MaxReadableLength)
                break;
            readable.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : c == '.' && readable.Length > 0 ? '.' : '_');
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(callId));
        return $"{readable}-{Convert.ToHexStringLower(hash.AsSpan(0, 4))}";
    }
}
