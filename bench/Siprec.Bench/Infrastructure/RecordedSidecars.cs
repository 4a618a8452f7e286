using System.Diagnostics;
using System.Text.Json;
using Siprec.Recording.Storage;

namespace Siprec.Bench.Infrastructure;

/// <summary>Reads the JSON sidecars the server wrote under its recording directory.</summary>
public static class RecordedSidecars
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Waits up to <paramref name="bound"/> until <paramref name="expected"/> sidecars say their session ended, then returns
    /// every sidecar by Call-ID with the path of its folder.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, (SessionSidecar Sidecar, string Directory)>> WaitForEndedAsync(string root, int expected, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = Read(root);
            if (found.Values.Count(f => f.Sidecar.EndedAt is not null) >= expected || clock.Elapsed > bound)
                return found;
            await Task.Delay(250).ConfigureAwait(false);
        }
    }

    private static Dictionary<string, (SessionSidecar Sidecar, string Directory)> Read(string root)
    {
        var result = new Dictionary<string, (SessionSidecar Sidecar, string Directory)>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
            return result;
        foreach (var path in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories))
        {
            try
            {
                var sidecar = JsonSerializer.Deserialize<SessionSidecar>(File.ReadAllText(path), Options);
                if (sidecar is not null)
                    result[sidecar.CallId] = (sidecar, Path.GetDirectoryName(path)!);
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                // Not a sidecar, or being replaced right now; the next poll reads it again.
            }
        }
        return result;
    }
}
