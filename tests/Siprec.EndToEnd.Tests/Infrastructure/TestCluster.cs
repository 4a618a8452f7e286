using System.Text.Json;
using Siprec.Tests.Shared;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real redis-server and server processes that join it as nodes <c>a</c>, <c>b</c>, <c>c</c>..., each with its own
/// SIP, HTTP and RTP ports and its own directory, advertising its API address in its lease; everything is stopped when
/// disposed, even after a failure.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly List<TestDirectory> _directories = [];
    private readonly Dictionary<string, ServerProcess> _nodes = new(StringComparer.Ordinal);

    private TestCluster(RedisServer redis) => Redis = redis;

    /// <summary>The cluster's Redis.</summary>
    public RedisServer Redis { get; }

    /// <summary>The node with this id.</summary>
    public ServerProcess this[string id] => _nodes[id];

    /// <summary>Starts Redis and one server per id, with <paramref name="environment"/> added to each one's.</summary>
    public static async Task<TestCluster> StartAsync(string name, IReadOnlyDictionary<string, string> environment, params string[] ids)
    {
        var cluster = new TestCluster(await RedisServer.StartAsync());
        try
        {
            await Task.WhenAll(ids.Select(async id =>
            {
                var directory = new TestDirectory($"{name}-{id}");
                lock (cluster._directories)
                {
                    cluster._directories.Add(directory);
                }

                var env = new Dictionary<string, string>(environment)
                {
                    ["CLUSTER_REDIS_URL"] = cluster.Redis.Url,
                    ["CLUSTER_NODE_ID"] = id,
                    ["LOG_LEVEL"] = "info",
                };
                var server = await ServerProcess.StartAsync(directory, new ServerProcessOptions { Environment = env, RtpPortCount = 20, AdvertiseHttpAddress = true });
                lock (cluster._nodes)
                {
                    cluster._nodes[id] = server;
                }
            }));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>GETs or POSTs <paramref name="path"/> on node <paramref name="id"/>; the status and the parsed body.</summary>
    public async Task<(int Status, JsonDocument Body)> CallAsync(string id, HttpMethod method, string path, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Add("X-API-Key", apiKey);
        }

        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}");
        }

        using var response = await _nodes[id].Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes.Values)
        {
            await node.DisposeAsync();
        }

        await Redis.DisposeAsync();
        foreach (var directory in _directories)
        {
            directory.Dispose();
        }
    }
}
