using System.Text.Json;
using Siprec.Media.Pipeline;
using Siprec.Server.Configuration;

namespace Siprec.Server.Api;

/// <summary>
/// The optional JSON body of a pause or resume request. Every field is optional and an empty body is allowed;
/// the body is read as JSON whatever its Content-Type says, and unknown fields are ignored.
/// </summary>
public sealed record ControlRequestBody(
    bool? PauseRecording,
    bool? PauseTranscription,
    bool? ResumeRecording,
    bool? ResumeTranscription,
    string? Reason,
    PausedAudioBehavior? Behavior,
    string? IdempotencyKey)
{
    /// <summary>Longest accepted body.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxReasonLength = 512;
    private const int MaxKeyLength = 128;

    /// <summary>A body with no fields.</summary>
    public static ControlRequestBody Empty { get; } = new(null, null, null, null, null, null, null);

    /// <summary>Parses a body; on failure <paramref name="error"/> says which field or what is malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out ControlRequestBody body, out string? error)
    {
        body = Empty;
        error = null;
        if (IsBlank(utf8))
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "malformed request body: expected a JSON object";
                return false;
            }

            bool? pr = null, pt = null, rr = null, rt = null;
            string? reason = null, key = null;
            PausedAudioBehavior? behavior = null;
            foreach (var p in root.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "pause_recording": pr = Bool(p, ref error); break;
                    case "pause_transcription": pt = Bool(p, ref error); break;
                    case "resume_recording": rr = Bool(p, ref error); break;
                    case "resume_transcription": rt = Bool(p, ref error); break;
                    case "reason": reason = Text(p, MaxReasonLength, ref error); break;
                    case "idempotency_key": key = Text(p, MaxKeyLength, ref error); break;
                    case "pause_behavior":
                        var text = Text(p, 16, ref error);
                        if (text is not null)
                        {
                            if (PauseBehaviorText.TryParse(text, out var b))
                            {
                                behavior = b;
                            }
                            else
                            {
                                error = "invalid field 'pause_behavior': must be \"skip\" or \"silence\"";
                            }
                        }

                        break;
                }

                if (error is not null)
                {
                    return false;
                }
            }

            body = new ControlRequestBody(pr, pt, rr, rt, reason, behavior, key);
            return true;
        }
        catch (JsonException)
        {
            error = "malformed request body: invalid JSON";
            return false;
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool? Bool(JsonProperty p, ref string? error)
    {
        switch (p.Value.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Null: return null;
            default:
                error = $"invalid field '{p.Name}': must be true or false";
                return null;
        }
    }

    private static string? Text(JsonProperty p, int maxLength, ref string? error)
    {
        if (p.Value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (p.Value.ValueKind != JsonValueKind.String)
        {
            error = $"invalid field '{p.Name}': must be a string";
            return null;
        }

        var s = p.Value.GetString()!;
        if (s.Length > maxLength || s.Any(char.IsControl))
        {
            error = $"invalid field '{p.Name}': at most {maxLength} characters, no control characters";
            return null;
        }

        return s.Length == 0 ? null : s;
    }
}
