using System.Diagnostics;
using System.Globalization;
using System.Net;
using Siprec.RtpSender.Audio;
using Siprec.RtpSender.Sending;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One recorded call driven end to end: SIPp signals it, the RTP sender plays audio to the ports the server answered with,
/// and the resulting WAV and sidecar are collected from RECORDING_DIR.
/// </summary>
public sealed record RecordedCall(SippResult Sipp, RtpSendReport Media, string WavPath, PcmAudio Recording, string SidecarPath)
{
    private static readonly TimeSpan FileWait = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Runs <paramref name="run"/> against <paramref name="server"/>; once SIPp logs ANSWER_PORTS, sends the plan built by
    /// <paramref name="media"/> from those ports; then waits for SIPp and for the recording files (bounded).
    /// </summary>
    public static async Task<RecordedCall> RunAsync(ServerProcess server, SippRunner runner, SippRun run, Func<IReadOnlyList<IPEndPoint>, RtpSendPlan> media)
    {
        var before = server.Recordings().ToHashSet(StringComparer.Ordinal);
        await using var sipp = runner.Start(run);
        var answer = await sipp.WaitForLogAsync("ANSWER_PORTS", run.Timeout).ConfigureAwait(false);
        // Media always goes to 127.0.0.1: the tests never send anywhere else, whatever c= says.
        var ports = answer.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => new IPEndPoint(IPAddress.Loopback, int.Parse(p, CultureInfo.InvariantCulture)))
            .ToArray();
        var report = await new RtpStreamSender().SendAsync(media(ports)).ConfigureAwait(false);
        var sippResult = await sipp.WaitForExitAsync().ConfigureAwait(false);
        if (!sippResult.AllCallsSucceeded)
            throw new InvalidOperationException($"the call failed\n{sippResult.Describe()}\n--- server log ---\n{server.LogTail()}");

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < FileWait)
        {
            var wav = server.Recordings().FirstOrDefault(p => !before.Contains(p));
            if (wav is not null)
            {
                var sidecar = Path.ChangeExtension(wav, ".json");
                if (IsFinal(sidecar))
                {
                    try
                    {
                        return new RecordedCall(sippResult, report, wav, WavFile.Read(wav), sidecar);
                    }
                    catch (WavFormatException)
                    {
                        // Still being finalised; try again.
                    }
                }
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        throw new TimeoutException($"no new recording with sidecar under {server.RecordingDirectory} within {FileWait.TotalSeconds} s\n{server.LogTail()}");
    }

    /// <summary>The server writes the sidecar at the start of a call and again, with ended_at, once the WAV is final.</summary>
    private static bool IsFinal(string sidecarPath)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(sidecarPath));
            return document.RootElement.TryGetProperty("ended_at", out var ended) && ended.ValueKind == System.Text.Json.JsonValueKind.String;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Milliseconds between two SIPp clock values logged under <paramref name="from"/> and <paramref name="to"/>.</summary>
    public TimeSpan Between(string from, string to) =>
        TimeSpan.FromMilliseconds(long.Parse(Sipp.Logged(to)[0], CultureInfo.InvariantCulture) - long.Parse(Sipp.Logged(from)[0], CultureInfo.InvariantCulture));

    /// <summary>Channel <paramref name="index"/> (0-based) of the recording at 8 kHz.</summary>
    public short[] Channel(int index) => Recording.Resample(AudioFixtures.SampleRate).Channels[index];
}
