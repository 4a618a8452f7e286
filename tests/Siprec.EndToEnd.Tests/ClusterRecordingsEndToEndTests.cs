using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Siprec.EndToEnd.Tests.Infrastructure;
using Siprec.Server.Tests.Support;
using Siprec.Tests.Shared;

namespace Siprec.EndToEnd.Tests;

/// <summary>
/// Two server processes on one real redis-server and one real PostgreSQL recordings index, uploading to a local S3
/// endpoint: a call recorded on node a is listed through node c with its node, and its files are fetched through c
/// from a while the object store is down, from the object store once a is stopped, and answered 503 when neither can.
/// </summary>
public sealed class ClusterRecordingsEndToEndTests
{
    private const string Bucket = "recordings";
    private const string CallId = "cluster-recording-call";
    private static readonly TimeSpan UploadBound = TimeSpan.FromSeconds(30);

    [PostgresIntegrationFact]
    [Trait("Requires", "Integration")]
    public async Task ARecordingMadeOnOneNodeIsServedThroughAnotherFromItsOwnerThenFromObjectStorageThen503()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var s3 = new FakeS3Server();
        var environment = new Dictionary<string, string>
        {
            ["RECORDING_INDEX_URL"] = await postgres.CreateDatabaseAsync(),
            ["S3_BUCKET"] = Bucket,
            ["S3_ENDPOINT"] = s3.Endpoint.ToString(),
            ["S3_REGION"] = "eu-west-1",
            ["S3_ACCESS_KEY"] = "AKIDTEST",
            ["S3_SECRET_KEY"] = "secret-test-key",
        };
        await using var cluster = await TestCluster.StartAsync("cluster-recordings", environment, "a", "c");
        using (var call = new SiprecCaller(new IPEndPoint(IPAddress.Loopback, cluster["a"].SipPort), CallId))
        {
            Assert.Equal(200, (await call.InviteAsync()).Status);
            call.SendRtp(50);
            Assert.Equal(200, await call.ByeAsync());
        }

        var row = await UploadedRowAsync(cluster);
        var id = row.GetProperty("id").GetString()!;
        var audio = $"/api/recordings/{Uri.EscapeDataString(id)}/audio";
        var onA = await File.ReadAllBytesAsync(Path.Combine(cluster["a"].RecordingDirectory, row.GetProperty("recording_file").GetString()!));
        Assert.Equal("a", row.GetProperty("node").GetString());
        Assert.Equal(onA, s3.Objects[$"/{Bucket}/{row.GetProperty("s3_key").GetString()}"]);

        // The object store is down, a is up: c relays a's files.
        s3.Outage = true;
        Assert.Equal(onA, await DownloadAsync(cluster, audio));
        var (sidecarStatus, sidecar) = await cluster.CallAsync("c", HttpMethod.Get, $"/api/recordings/{Uri.EscapeDataString(id)}");
        Assert.True(sidecarStatus == 200, sidecar.RootElement.ToString());
        Assert.Equal(CallId, sidecar.RootElement.GetProperty("call_id").GetString());
        Assert.Equal(2, await FetchesAsync(cluster, "node"));

        // a is stopped, the object store is back: c reads the uploaded object.
        await cluster["a"].StopAsync();
        s3.Outage = false;
        Assert.Equal(onA, await DownloadAsync(cluster, audio));
        Assert.Equal(1, await FetchesAsync(cluster, "s3"));

        // Neither: the spec's JSON error, saying why.
        s3.Outage = true;
        var (status, error) = await cluster.CallAsync("c", HttpMethod.Get, audio);
        Assert.Equal(503, status);
        Assert.Equal(503, error.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(
            $"audio of recording {id} is unavailable: it was recorded on node a, which cannot serve it now, and its uploaded object could not be read",
            error.RootElement.GetProperty("error").GetString());
        Assert.Equal(1, await FetchesAsync(cluster, "unavailable"));
    }

    /// <summary>The call's row as node c lists it, once a's upload of it is recorded in the shared index.</summary>
    private static async Task<JsonElement> UploadedRowAsync(TestCluster cluster)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (status, list) = await cluster.CallAsync("c", HttpMethod.Get, "/api/recordings?call_id=" + CallId);
            Assert.True(status == 200, list.RootElement.ToString());
            var rows = list.RootElement.GetProperty("recordings").EnumerateArray().ToArray();
            if (rows.Length == 1 && rows[0].GetProperty("s3_key").ValueKind == JsonValueKind.String)
                return rows[0].Clone();
            if (clock.Elapsed > UploadBound)
                Assert.Fail($"node c did not list an uploaded recording within {UploadBound.TotalSeconds} s: {list.RootElement}\n{cluster["a"].LogTail(30)}");
            await Task.Delay(200);
        }
    }

    private static async Task<byte[]> DownloadAsync(TestCluster cluster, string path)
    {
        using var response = await cluster["c"].Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.OK)
            Assert.Fail($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}\n{cluster["c"].LogTail(30)}");
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    /// <summary>Node c's count of recording files served from <paramref name="source"/>, read from its /metrics.</summary>
    private static async Task<double> FetchesAsync(TestCluster cluster, string source)
    {
        var prefix = $"siprec_recording_fetch_total{{source=\"{source}\"}} ";
        var metrics = await cluster["c"].Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }
}
