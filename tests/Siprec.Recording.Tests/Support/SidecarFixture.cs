using Siprec.Recording.Storage;

namespace Siprec.Recording.Tests.Support;

/// <summary>Writes recordings (WAV bytes plus sidecar) into a dated folder under a recording root, as the recorder does.</summary>
internal static class SidecarFixture
{
    public static readonly DateTimeOffset Day = new(2026, 3, 4, 9, 0, 0, TimeSpan.Zero);

    public static SessionSidecar Sidecar(string callId, DateTimeOffset startedAt, string baseName, params (string Aor, string? Name)[] participants) => new()
    {
        CallId = callId,
        SessionId = "sess-" + callId,
        RecordingFile = baseName + ".wav",
        StartedAt = startedAt,
        EndedAt = startedAt.AddSeconds(42.5),
        EndReason = "bye",
        SampleRate = 8000,
        PauseBehavior = "skip",
        Participants = participants.Select((p, i) => new SidecarParticipant(null, p.Aor, p.Name, [i + 1])).ToList(),
        Streams = [new SidecarStream { Channel = 1, Label = "1", Codec = "PCMU/8000", Ssrcs = [7u], PacketsReceived = 100 }],
    };

    /// <summary>Writes the sidecar and a WAV of <paramref name="audioBytes"/> bytes; returns the location.</summary>
    public static async Task<FinalizedRecording> WriteAsync(string root, SessionSidecar sidecar, int audioBytes = 1000)
    {
        var utc = sidecar.StartedAt.UtcDateTime;
        var folder = Path.Combine(root, utc.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture),
            utc.ToString("MM", System.Globalization.CultureInfo.InvariantCulture), utc.ToString("dd", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var location = new RecordingLocation(folder, Path.GetFileNameWithoutExtension(sidecar.RecordingFile));
        await File.WriteAllBytesAsync(location.AudioPath, Audio(audioBytes));
        await SidecarFileWriter.WriteAsync(location.SidecarPath, sidecar);
        return new FinalizedRecording(location, sidecar);
    }

    /// <summary>Deterministic, non-repeating-looking bytes so truncation or reordering shows.</summary>
    public static byte[] Audio(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
            bytes[i] = (byte)((i * 31) ^ (i >> 8));
        return bytes;
    }
}
