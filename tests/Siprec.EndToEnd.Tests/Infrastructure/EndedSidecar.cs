using System.Text.Json;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>Waits for the one recording under a RECORDING_DIR to be finalized (its sidecar's ended_at set).</summary>
public static class EndedSidecar
{
    /// <summary>The final sidecar of the only WAV under <paramref name="recordingDirectory"/>; throws after <paramref name="bound"/>.</summary>
    public static async Task<JsonDocument> WaitAsync(string recordingDirectory, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (DateTime.UtcNow < deadline)
        {
            var wavs = Directory.Exists(recordingDirectory) ? Directory.GetFiles(recordingDirectory, "*.wav", SearchOption.AllDirectories) : [];
            var sidecar = wavs.Length == 1 ? Path.ChangeExtension(wavs[0], ".json") : null;
            if (sidecar is not null && File.Exists(sidecar))
            {
                var json = JsonDocument.Parse(await File.ReadAllTextAsync(sidecar));
                if (json.RootElement.GetProperty("ended_at").ValueKind == JsonValueKind.String)
                    return json;
                json.Dispose();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no single finalized recording appeared under {recordingDirectory} within {bound.TotalSeconds} s");
    }
}
