using Microsoft.Extensions.Hosting;
using Siprec.Cluster;

namespace Siprec.Server.Cluster;

/// <summary>Joins the cluster when the server starts and leaves it (lease and directory entries removed) when it stops.</summary>
public sealed class ClusterService(ClusterNode node) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => node.StartAsync();

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => node.DisposeAsync().AsTask();
}
