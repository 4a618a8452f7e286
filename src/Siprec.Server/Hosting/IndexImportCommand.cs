using System.Data.Common;
using System.Net;
using Microsoft.Data.Sqlite;
using Siprec.Recording.Index;
using Siprec.Server.Configuration;

namespace Siprec.Server.Hosting;

/// <summary>
/// <c>siprec --import-index &lt;sqlite file&gt;</c>: copies a node's SQLite recordings index into the PostgreSQL index of
/// <c>RECORDING_INDEX_URL</c> as this node's rows (<c>CLUSTER_NODE_ID</c>), keeping ids and upload state. Safe to repeat.
/// </summary>
public static class IndexImportCommand
{
    /// <summary>The flag that selects this command.</summary>
    public const string Flag = "--import-index";

    /// <summary>Runs the import; returns the process exit code (0 done, 1 failed, 2 misused), having said why on <paramref name="output"/> or <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(SiprecOptions options, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var at = args.ToList().IndexOf(Flag);
        if (at < 0 || at + 1 >= args.Count)
        {
            await error.WriteLineAsync($"siprec: {Flag} needs the SQLite index file to import, as in {Flag} /var/lib/siprec/recordings/index.db").ConfigureAwait(false);
            return 2;
        }

        var file = Path.GetFullPath(args[at + 1]);
        if (options.Recording.IndexUrl is not { } url)
        {
            await error.WriteLineAsync($"siprec: {Flag} imports into PostgreSQL: set RECORDING_INDEX_URL").ConfigureAwait(false);
            return 2;
        }

        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"siprec: {Flag}: no such file {file}").ConfigureAwait(false);
            return 2;
        }

        var node = options.Cluster.NodeId ?? Dns.GetHostName();
        var source = new RecordingIndex(file, options.Recording.Directory, node);
        await using var target = new PostgresRecordingIndex(url, node, options.Recording.Directory);
        try
        {
            var count = await RecordingIndexImport.RunAsync(source, target, node).ConfigureAwait(false);
            await output.WriteLineAsync($"imported {count} recordings from {file} into {target.Location} as node {node}").ConfigureAwait(false);
            return 0;
        }
        catch (Exception ex) when (ex is DbException or IOException or TimeoutException or InvalidOperationException)
        {
            await error.WriteLineAsync($"siprec: {Flag} failed ({target.Location}): {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
