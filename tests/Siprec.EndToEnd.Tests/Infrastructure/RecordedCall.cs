using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Siprec.Media.AtRest;
using Siprec.RtpSender.Audio;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One recorded call driven end to end: SIPp signals it, the RTP sender plays audio to the ports the server answered with,
/// and the resulting WAV and sidecar are collected from RECORDING_DIR.
/// </summary>
public sealed partial record RecordedCall(SippResult Sipp, RtpSendReport Media, string WavPath, PcmAudio Recording, string SidecarPath)
{
    private static readonly TimeSpan FileWait = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Runs <paramref name="run"/> against <paramref name="server"/>; once SIPp logs ANSWER_PORTS, sends the plan built by
    /// <paramref name="media"/> from those ports, and runs <paramref name="whileSending"/> (given the call's Call-ID, which the
    /// scenario must log as CALL_ID) from the first packet on; then waits for SIPp and for this call's recording files (bounded).
    /// With <paramref name="keys"/>, the files are encrypted at rest and read through them.
    /// </summary>
    public static Task<RecordedCall> RunAsync(
        ServerProcess server, SippRunner runner, SippRun run, Func<IReadOnlyList<IPEndPoint>, RtpSendPlan> media, Func<string, Task>? whileSending = null,
        IRecordingKeyProvider? keys = null) =>
        RunAsync([server], runner, run, media, whileSending, keys);

    /// <summary>As above, for a call that any one of <paramref name="servers"/> may record (calls sent through a dispatcher).</summary>
    public static async Task<RecordedCall> RunAsync(
        IReadOnlyList<ServerProcess> servers, SippRunner runner, SippRun run, Func<IReadOnlyList<IPEndPoint>, RtpSendPlan> media, Func<string, Task>? whileSending = null,
        IRecordingKeyProvider? keys = null)
    {
        var before = servers.SelectMany(s => s.Recordings()).ToHashSet(StringComparer.Ordinal);
        await using var sipp = runner.Start(run);
        var answer = await sipp.WaitForLogAsync("ANSWER_PORTS", run.Timeout).ConfigureAwait(false);
        // Media always goes to 127.0.0.1: the tests never send anywhere else, whatever c= says.
        var ports = answer.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new IPEndPoint(IPAddress.Loopback, int.Parse(p, CultureInfo.InvariantCulture)))
            .ToArray();
        var liveCallId = whileSending is null ? null : await sipp.WaitForLogAsync("CALL_ID", run.Timeout).ConfigureAwait(false);
        // The sender has sent its first packet when SendAsync returns, so the control below runs on the same clock as the media.
        var sending = new RtpStreamSender().SendAsync(media(ports));
        var control = whileSending is null ? Task.CompletedTask : whileSending(liveCallId!);
        RtpSendReport report;
        try
        {
            await control.ConfigureAwait(false);
        }
        finally
        {
            report = await sending.ConfigureAwait(false);
        }
        var sippResult = await sipp.WaitForExitAsync().ConfigureAwait(false);
        if (!sippResult.AllCallsSucceeded)
            throw new InvalidOperationException($"the call failed\n{sippResult.Describe()}\n--- server log ---\n{LogTails(servers)}");

        var callId = CallIdHeader().Match(sippResult.MessageLog).Groups[1].Value.Trim();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < FileWait)
        {
            // Several calls may run on one server at once: take the recording whose sidecar names this call.
            foreach (var wav in servers.SelectMany(s => s.Recordings()).Where(p => !before.Contains(p)))
            {
                var sidecar = Path.ChangeExtension(wav, ".json");
                if (!IsFinalSidecarOf(sidecar, callId, keys))
                    continue;
                try
                {
                    return new RecordedCall(sippResult, report, wav, WavFile.Parse(Plaintext(wav, keys), wav), sidecar);
                }
                catch (Exception e) when (e is WavFormatException or CryptographicException or InvalidDataException)
                {
                    // Still being finalised; try again.
                }
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"no new recording of call {callId} with a final sidecar under {string.Join(", ", servers.Select(s => s.RecordingDirectory))} within {FileWait.TotalSeconds} s\n{LogTails(servers)}");
    }

    private static string LogTails(IReadOnlyList<ServerProcess> servers) => string.Join("\n---\n", servers.Select(s => s.LogTail()));

    /// <summary>The server writes the sidecar at the start of a call and again, with ended_at, once the WAV is final.</summary>
    private static bool IsFinalSidecarOf(string sidecarPath, string callId, IRecordingKeyProvider? keys)
    {
        try
        {
            using var document = JsonDocument.Parse(Plaintext(sidecarPath, keys));
            var root = document.RootElement;
            return root.TryGetProperty("ended_at", out var ended) && ended.ValueKind == JsonValueKind.String
                && (callId.Length == 0 || (root.TryGetProperty("call_id", out var id) && id.GetString() == callId));
        }
        catch (Exception e) when (e is IOException or JsonException or CryptographicException or InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The bytes of <paramref name="path"/>, decrypted (a WAV for audio) when <paramref name="keys"/> are given.</summary>
    public static byte[] Plaintext(string path, IRecordingKeyProvider? keys)
    {
        if (keys is null)
            return File.ReadAllBytes(path);
        using var plain = new MemoryStream();
        EncryptedFileReader.Decrypt(path, keys, plain);
        return plain.ToArray();
    }

    /// <summary>Milliseconds between two SIPp clock values logged under <paramref name="from"/> and <paramref name="to"/>.</summary>
    public TimeSpan Between(string from, string to) =>
        TimeSpan.FromMilliseconds(long.Parse(Sipp.Logged(to)[0], CultureInfo.InvariantCulture) - long.Parse(Sipp.Logged(from)[0], CultureInfo.InvariantCulture));

    /// <summary>Channel <paramref name="index"/> (0-based) of the recording at 8 kHz.</summary>
    public short[] Channel(int index) => Recording.Resample(AudioFixtures.SampleRate).Channels[index];

    [GeneratedRegex(@"^Call-ID:\s*([^\r\n]+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CallIdHeader();
}
