using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Siprec.Cluster;

namespace Siprec.Server.Cluster;

/// <summary>
/// Streams a recording file from the node that recorded it, over that node's API at the address its lease advertises.
/// The caller's API key and byte range go along; a relayed request is never relayed again.
/// </summary>
public sealed partial class OwnerNodeRelay
{
    /// <summary>Marks a request one node relays to another, naming the relaying node.</summary>
    public const string RelayedByHeader = "X-Siprec-Relayed-By";

    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] ForwardedHeaders = ["X-API-Key", "Range"];
    private static readonly string[] ReturnedHeaders = ["Content-Type", "Content-Length", "Content-Range", "Accept-Ranges", "Content-Disposition", "Last-Modified", "ETag"];

    private readonly ClusterNode _node;
    private readonly HttpClient _client;
    private readonly ILogger<OwnerNodeRelay> _logger;

    /// <summary>Relays through <paramref name="client"/> to the live nodes <paramref name="node"/> knows.</summary>
    public OwnerNodeRelay(ClusterNode node, HttpClient client, ILogger<OwnerNodeRelay> logger)
    {
        _node = node;
        _client = client;
        _logger = logger;
    }

    /// <summary>This node's id.</summary>
    public string NodeId => _node.Self.Id;

    /// <summary>
    /// Answers <paramref name="context"/> with node <paramref name="ownerId"/>'s answer to <paramref name="path"/>
    /// (such as <c>/api/recordings/x/audio</c>); false, with nothing written, when that node is not live, advertises no
    /// address, cannot be reached or answers 5xx.
    /// </summary>
    public async Task<bool> TryRelayAsync(HttpContext context, string ownerId, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        NodeInfo? owner;
        try
        {
            owner = (await _node.LiveNodesAsync().ConfigureAwait(false)).FirstOrDefault(n => n.Id == ownerId && n.Id != _node.Self.Id);
        }
        catch (ClusterUnavailableException ex)
        {
            Log.DirectoryUnavailable(_logger, ownerId, ex.Message);
            return false;
        }

        if (owner is null || !Uri.TryCreate(owner.Url, UriKind.Absolute, out var baseUrl))
        {
            Log.OwnerNotReachable(_logger, ownerId, owner is null ? "not live" : "advertises no HTTP address (CLUSTER_ADVERTISED_URL)");
            return false;
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
        foreach (var name in ForwardedHeaders)
        {
            if (context.Request.Headers.TryGetValue(name, out var value))
                request.Headers.TryAddWithoutValidation(name, value.ToArray());
        }

        request.Headers.TryAddWithoutValidation(RelayedByHeader, _node.Self.Id);
        HttpResponseMessage response;
        using (var headers = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            headers.CancelAfter(HeadersTimeout);
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, headers.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
            {
                Log.OwnerNotReachable(_logger, ownerId, $"{baseUrl}: {ex.Message}");
                return false;
            }
        }

        using (response)
        {
            if ((int)response.StatusCode >= 500)
            {
                Log.OwnerNotReachable(_logger, ownerId, $"{baseUrl} answered {(int)response.StatusCode}");
                return false;
            }

            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var name in ReturnedHeaders)
            {
                if (response.Content.Headers.TryGetValues(name, out var values) || response.Headers.TryGetValues(name, out values))
                    context.Response.Headers[name] = values.ToArray();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            return true;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 320, Level = LogLevel.Warning, Message = "Recording files of node {NodeId} cannot be relayed: {Reason}")]
        public static partial void OwnerNotReachable(ILogger logger, string nodeId, string reason);

        [LoggerMessage(EventId = 321, Level = LogLevel.Warning, Message = "Recording files of node {NodeId} cannot be relayed: the cluster directory is unavailable ({Error})")]
        public static partial void DirectoryUnavailable(ILogger logger, string nodeId, string error);
    }
}
