using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Siprec.Cluster;
using Siprec.Server.Api.Schemas;
using Siprec.Server.Auth;
using Siprec.Server.Cluster;
using Siprec.Server.Nodes;

namespace Siprec.Server.Api;

/// <summary>
/// <c>GET /api/nodes</c> and <c>POST /api/nodes/{id}/drain|undrain</c>. A single node lists itself; in a cluster every
/// node is listed (<c>?scope=node</c> for this one), and a drain sent to any node is applied by the node it names.
/// </summary>
public sealed class NodesApi(LocalNodeState local, ClusterNodesControl? cluster = null)
{
    /// <summary>Maps the endpoints onto <paramref name="api"/>, the <c>/api</c> group.</summary>
    public void Map(IEndpointRouteBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/nodes", ListAsync)
            .RequireScope(ApiScope.Read)
            .WithName("listNodes").WithSummary("Every node: state (active, draining, down), live sessions, free disk, version, uptime")
            .Produces<NodeListAnswer>(200).Produces<ApiError>(401).Produces<ApiError>(503);
        api.MapPost("/nodes/{id}/drain", DrainAsync)
            .RequireScope(ApiScope.Admin)
            .WithName("drainNode").WithSummary("Refuse new calls on a node (INVITE and OPTIONS get 503); its live calls run to their end")
            .Produces<NodeAnswer>(200).Produces<ApiError>(401).Produces<ApiError>(404).Produces<ApiError>(409).Produces<ApiError>(503);
        api.MapPost("/nodes/{id}/undrain", UndrainAsync)
            .RequireScope(ApiScope.Admin)
            .WithName("undrainNode").WithSummary("Take new calls again on a drained node")
            .Produces<NodeAnswer>(200).Produces<ApiError>(401).Produces<ApiError>(404).Produces<ApiError>(409).Produces<ApiError>(503);
    }

    private async ValueTask<IResult> ListAsync(HttpContext context)
    {
        if (cluster is null || string.Equals(context.Request.Query["scope"].ToString(), "node", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonAnswer(200, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("count", 1);
                w.WriteStartArray("nodes");
                local.Write(w);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        return await cluster.ListAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private ValueTask<IResult> DrainAsync(HttpContext context) => CommandAsync(context, ClusterCommandKinds.Drain);

    private ValueTask<IResult> UndrainAsync(HttpContext context) => CommandAsync(context, ClusterCommandKinds.Undrain);

    private async ValueTask<IResult> CommandAsync(HttpContext context, string kind)
    {
        var caller = ApiCaller.Of(context);
        var id = caller.RouteId!;
        if (cluster is not null)
        {
            return await cluster.CommandAsync(kind, id, caller.KeyId, context.RequestAborted).ConfigureAwait(false);
        }

        if (id != local.Id)
        {
            return LocalNodeState.NotFound(id);
        }

        return kind == ClusterCommandKinds.Drain ? local.Drain() : local.Undrain();
    }
}
