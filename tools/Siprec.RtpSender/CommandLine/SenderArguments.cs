using System.Globalization;
using System.Net;
using Siprec.Media.Srtp;
using Siprec.RtpSender.Audio;
using Siprec.RtpSender.Sending;

namespace Siprec.RtpSender.CommandLine;

/// <summary>
/// Turns rtpsender arguments into a plan:
/// <c>--stream dest=127.0.0.1:40000|sdp=N,wav=a.wav[,codec=pcmu|pcma|g722|opus|l16][,srtp=SUITE:KEY][,pt=N][,late=MS][,loss=P][,reorder=P][,dup=P][,ssrc=N][,ssrc-change=MS:N][,dtmf=MS:EVENT:MS][,keys=MS:DIGITS:ON_MS:GAP_MS][,tones=MS:DIGITS:ON_MS:GAP_MS][,stop=MS][,marker=true|false]</c>
/// (repeatable), <c>--sdp ANSWER_FILE</c> (then <c>sdp=N</c> takes the address, port and payload types of its N-th audio stream),
/// <c>--seed N</c>, <c>--max-duration SECONDS</c>.
/// </summary>
public static class SenderArguments
{
    /// <summary>Usage text printed on bad arguments.</summary>
    public const string Usage =
        "usage: rtpsender [--sdp ANSWER_FILE] --stream dest=HOST:PORT|sdp=N,wav=FILE[,codec=pcmu|pcma|g722|opus|l16][,srtp=SUITE:KEY][,pt=N][,late=MS][,loss=P][,reorder=P][,dup=P]"
        + "[,ssrc=N][,ssrc-change=MS:NEWSSRC][,dtmf=MS:EVENT:DURATION_MS][,keys=MS:DIGITS:ON_MS:GAP_MS][,tones=MS:DIGITS:ON_MS:GAP_MS][,stop=MS][,marker=true|false] [--stream ...] [--seed N] [--max-duration SECONDS]";

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> naming the offending argument.</summary>
    public static RtpSendPlan Parse(IReadOnlyList<string> args)
    {
        var streams = new List<RtpStreamPlan>();
        var seed = 1;
        var maxDuration = TimeSpan.FromMinutes(5);
        var answer = ReadAnswer(args);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--stream":
                    streams.Add(ParseStream(value, answer));
                    break;
                case "--sdp":
                    break;
                case "--seed":
                    seed = ParseInt(value, "--seed");
                    break;
                case "--max-duration":
                    maxDuration = TimeSpan.FromSeconds(ParseDouble(value, "--max-duration"));
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
            i++;
        }
        if (streams.Count == 0)
            throw new ArgumentException("at least one --stream is required");
        return new RtpSendPlan(streams) { Seed = seed, MaxDuration = maxDuration };
    }

    private static IReadOnlyList<SdpAnswerTarget> ReadAnswer(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] != "--sdp")
                continue;
            try
            {
                return SdpAnswerTargets.Read(File.ReadAllText(args[i + 1]));
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"--sdp {args[i + 1]}: {e.Message}", e);
            }
        }
        return [];
    }

    private static RtpStreamPlan ParseStream(string text, IReadOnlyList<SdpAnswerTarget> answer)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                throw new ArgumentException($"--stream field '{part}' is not key=value");
            fields[part[..eq]] = part[(eq + 1)..];
        }
        SdpAnswerTarget? target = null;
        if (fields.Remove("sdp", out var sdpIndex))
        {
            var n = ParseInt(sdpIndex, "sdp");
            target = n >= 1 && n <= answer.Count ? answer[n - 1] : throw new ArgumentException($"sdp={n}: the --sdp answer has {answer.Count} audio streams");
        }
        IPEndPoint? endPoint = target?.Destination;
        if (fields.Remove("dest", out var dest) && (!IPEndPoint.TryParse(dest, out endPoint) || endPoint.Port == 0))
            throw new ArgumentException($"--stream dest '{dest}' is not ADDRESS:PORT");
        if (endPoint is null)
            throw new ArgumentException($"--stream '{text}' needs dest=ADDRESS:PORT or sdp=N");
        if (!fields.Remove("wav", out var wav))
            throw new ArgumentException($"--stream '{text}' needs wav=FILE");
        var audio = WavFile.Read(wav).ToMono().Resample(8000);
        var plan = new RtpStreamPlan(endPoint, audio.Channels[0]);
        if (target is not null)
            plan = plan with { Codec = target.Codec, PayloadType = target.PayloadType, TelephoneEventPayloadType = target.TelephoneEventPayloadType ?? 101 };
        foreach (var (key, value) in fields)
        {
            plan = key.ToLowerInvariant() switch
            {
                "codec" => plan with { Codec = ParseCodec(value) },
                "srtp" => plan with { Srtp = ParseSrtp(value) },
                "pt" => plan with { PayloadType = ParseInt(value, "pt") },
                "late" => plan with { LateStart = Milliseconds(value, "late") },
                "loss" => plan with { LossPercent = ParseDouble(value, "loss") },
                "reorder" => plan with { ReorderPercent = ParseDouble(value, "reorder") },
                "dup" => plan with { DuplicatePercent = ParseDouble(value, "dup") },
                "ssrc" => plan with { Ssrc = ParseUInt(value, "ssrc") },
                "ssrc-change" => plan with { SsrcChange = ParseSsrcChange(value) },
                "dtmf" => plan with { DtmfEvents = [.. plan.DtmfEvents, ParseDtmf(value)] },
                "keys" => plan with { DtmfEvents = [.. plan.DtmfEvents, .. KeyedDigits.Parse(value, "keys").AsTelephoneEvents()] },
                "tones" => plan with { Samples = KeyedDigits.Parse(value, "tones").WrittenOver(plan.Samples, 8000) },
                "stop" => plan with { StopAfter = Milliseconds(value, "stop") },
                "marker" => plan with { MarkFirstPacket = bool.TryParse(value, out var marker) ? marker : throw new ArgumentException($"marker '{value}' is not true or false") },
                _ => throw new ArgumentException($"unknown --stream field '{key}'"),
            };
        }
        return plan;
    }

    private static RtpPayloadCodec ParseCodec(string value) => value.ToLowerInvariant() switch
    {
        "pcmu" => RtpPayloadCodec.Pcmu,
        "pcma" => RtpPayloadCodec.Pcma,
        "g722" => RtpPayloadCodec.G722,
        "opus" => RtpPayloadCodec.Opus,
        "l16" => RtpPayloadCodec.L16,
        _ => throw new ArgumentException($"codec '{value}' is not pcmu, pcma, g722, opus or l16"),
    };

    private static SdesCryptoAttribute ParseSrtp(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
            throw new ArgumentException($"srtp '{value}' is not SUITE:BASE64_KEY_AND_SALT");
        return SdesCryptoAttribute.TryParse($"1 {value[..colon]} inline:{value[(colon + 1)..]}", out var attribute, out var error)
            ? attribute
            : throw new ArgumentException($"srtp '{value}': {error}");
    }

    private static SsrcChange ParseSsrcChange(string value)
    {
        var parts = value.Split(':');
        return parts.Length == 2
            ? new SsrcChange(Milliseconds(parts[0], "ssrc-change"), ParseUInt(parts[1], "ssrc-change"))
            : throw new ArgumentException($"ssrc-change '{value}' is not MS:NEWSSRC");
    }

    private static DtmfEvent ParseDtmf(string value)
    {
        var parts = value.Split(':');
        if (parts.Length != 3)
            throw new ArgumentException($"dtmf '{value}' is not MS:EVENT:DURATION_MS");
        var digit = ParseInt(parts[1], "dtmf event");
        if (digit is < 0 or > 255)
            throw new ArgumentException($"dtmf event {digit} is outside 0..255");
        return new DtmfEvent(Milliseconds(parts[0], "dtmf"), (byte)digit, Milliseconds(parts[2], "dtmf duration"));
    }

    private static TimeSpan Milliseconds(string value, string name) => TimeSpan.FromMilliseconds(ParseDouble(value, name));

    private static int ParseInt(string value, string name) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : throw new ArgumentException($"{name} '{value}' is not an integer");

    private static uint ParseUInt(string value, string name) =>
        uint.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) ? result : throw new ArgumentException($"{name} '{value}' is not an unsigned 32-bit integer");

    private static double ParseDouble(string value, string name) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) && double.IsFinite(result) && result >= 0
            ? result
            : throw new ArgumentException($"{name} '{value}' is not a non-negative number");
}
