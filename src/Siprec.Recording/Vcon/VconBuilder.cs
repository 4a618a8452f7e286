using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Siprec.Recording.Storage;

namespace Siprec.Recording.Vcon;

/// <summary>
/// Builds the vCon (JSON container of draft-ietf-vcon-vcon-core, syntax <see cref="SyntaxVersion"/>) of a finished
/// recording from its sidecar and the files beside it: the participants as parties, the WAV as a recording dialog
/// referenced by URL with its SHA-512 content hash, the transcript as a transcript analysis, and each pause interval as
/// an attachment, so downstream tools see what was deliberately not recorded.
/// </summary>
public sealed class VconBuilder
{
    /// <summary>The vCon syntax version this builder writes.</summary>
    public const string SyntaxVersion = "0.3.0";

    /// <summary>The attachment purpose marking a pause interval.</summary>
    public const string PausePurpose = "recording_pause";

    private readonly string _hostName;
    private readonly TimeProvider _time;

    /// <summary>Creates a builder naming vCons after <paramref name="hostName"/> (the UUID's host part).</summary>
    public VconBuilder(string hostName, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hostName);
        _hostName = hostName;
        _time = time;
    }

    /// <summary>
    /// The vCon of the recording described by <paramref name="sidecar"/> whose files lie in <paramref name="directory"/>;
    /// <paramref name="audioUrl"/> is where the WAV is fetched from. Throws <see cref="IOException"/> when the WAV is missing.
    /// </summary>
    public async Task<byte[]> BuildAsync(SessionSidecar sidecar, string directory, string audioUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(audioUrl);
        var audioFile = Path.GetFileName(sidecar.RecordingFile);
        var contentHash = await VconContentHash.OfFileAsync(Path.Combine(directory, audioFile), cancellationToken).ConfigureAwait(false);
        var transcript = await ReadTranscriptAsync(sidecar, directory, cancellationToken).ConfigureAwait(false);

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("vcon", SyntaxVersion);
            w.WriteString("uuid", VconUuid.Create(sidecar.StartedAt, sidecar.CallId, _hostName));
            w.WriteString("created_at", Date(_time.GetUtcNow()));
            WriteParties(w, sidecar.Participants);
            WriteDialog(w, sidecar, audioFile, audioUrl, contentHash);
            WriteAnalysis(w, transcript);
            WriteAttachments(w, sidecar);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteParties(Utf8JsonWriter w, IReadOnlyList<SidecarParticipant> participants)
    {
        w.WriteStartArray("parties");
        foreach (var participant in participants)
        {
            w.WriteStartObject();
            if (participant.Aor is { } aor)
                w.WriteString(AddressParameter(aor), aor);
            if (!string.IsNullOrEmpty(participant.Name))
                w.WriteString("name", participant.Name);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string AddressParameter(string aor) =>
        aor.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? "tel"
        : aor.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? "mailto"
        : "sip";

    private static void WriteDialog(Utf8JsonWriter w, SessionSidecar sidecar, string audioFile, string audioUrl, string contentHash)
    {
        w.WriteStartArray("dialog");
        w.WriteStartObject();
        w.WriteString("type", "recording");
        w.WriteString("start", Date(sidecar.StartedAt));
        if (sidecar.EndedAt is { } ended)
            w.WriteNumber("duration", Math.Round((ended - sidecar.StartedAt).TotalSeconds, 3));
        w.WriteStartArray("parties");
        for (var channel = 1; channel <= sidecar.Streams.Count; channel++)
        {
            var speakers = new List<int>();
            for (var party = 0; party < sidecar.Participants.Count; party++)
            {
                if (sidecar.Participants[party].Channels.Contains(channel))
                    speakers.Add(party);
            }

            if (speakers.Count == 1)
            {
                w.WriteNumberValue(speakers[0]);
                continue;
            }

            w.WriteStartArray();
            foreach (var speaker in speakers)
                w.WriteNumberValue(speaker);
            w.WriteEndArray();
        }

        w.WriteEndArray();
        w.WriteString("mediatype", "audio/x-wav");
        w.WriteString("filename", audioFile);
        w.WriteString("url", audioUrl);
        w.WriteString("content_hash", contentHash);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteAnalysis(Utf8JsonWriter w, IReadOnlyList<JsonElement> transcript)
    {
        w.WriteStartArray("analysis");
        if (transcript.Count > 0)
        {
            w.WriteStartObject();
            w.WriteString("type", "transcript");
            w.WriteNumber("dialog", 0);
            w.WriteString("mediatype", "application/json");
            w.WriteString("vendor", transcript[0].TryGetProperty("provider", out var provider) && provider.ValueKind == JsonValueKind.String
                ? provider.GetString()
                : "unknown");
            w.WriteString("schema", "siprec-transcript-result");
            w.WriteString("encoding", "json");
            w.WriteStartArray("body");
            foreach (var result in transcript)
                result.WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteAttachments(Utf8JsonWriter w, SessionSidecar sidecar)
    {
        w.WriteStartArray("attachments");
        foreach (var pause in sidecar.Pauses)
        {
            w.WriteStartObject();
            w.WriteString("purpose", PausePurpose);
            w.WriteString("start", Date(pause.StartedAt));
            if (sidecar.Participants.Count > 0)
                w.WriteNumber("party", 0);
            w.WriteNumber("dialog", 0);
            w.WriteString("mediatype", "application/json");
            w.WriteString("encoding", "json");
            w.WriteStartObject("body");
            w.WriteString("source", pause.Source);
            w.WriteString("reason", pause.Reason);
            w.WriteString("behavior", pause.Behavior);
            w.WriteBoolean("recording", pause.Recording);
            w.WriteBoolean("transcription", pause.Transcription);
            w.WriteString("start", Date(pause.StartedAt));
            if (pause.EndedAt is { } end)
                w.WriteString("end", Date(end));
            else
                w.WriteNull("end");
            WriteSeconds(w, "media_offset", pause.MediaOffsetSeconds);
            WriteSeconds(w, "media_duration", pause.MediaDurationSeconds);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteSeconds(Utf8JsonWriter w, string name, double? seconds)
    {
        if (seconds is { } value)
            w.WriteNumber(name, value);
        else
            w.WriteNull(name);
    }

    private static async Task<IReadOnlyList<JsonElement>> ReadTranscriptAsync(SessionSidecar sidecar, string directory, CancellationToken cancellationToken)
    {
        if (sidecar.TranscriptFile is not { } name)
            return [];
        var path = Path.Combine(directory, Path.GetFileName(name));
        if (!File.Exists(path))
            return [];
        var results = new List<JsonElement>();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            using var document = JsonDocument.Parse(line);
            results.Add(document.RootElement.Clone());
        }

        return results;
    }

    private static string Date(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
