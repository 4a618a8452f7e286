namespace Siprec.Recording.Index;

/// <summary>Copies a node's SQLite index into the shared PostgreSQL one, keeping ids and upload state; running it again changes nothing.</summary>
public static class RecordingIndexImport
{
    /// <summary>Imports every row of <paramref name="source"/> as recorded by <paramref name="node"/>; returns how many rows it read.</summary>
    public static async Task<int> RunAsync(RecordingIndex source, PostgresRecordingIndex target, string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        var imported = 0;
        for (var offset = 0; ; offset += RecordingQuery.MaxLimit)
        {
            var page = await source.QueryAsync(new RecordingQuery { Limit = RecordingQuery.MaxLimit, Offset = offset }, cancellationToken).ConfigureAwait(false);
            foreach (var row in page.Items)
            {
                await target.ImportAsync(row, node, cancellationToken).ConfigureAwait(false);
                imported++;
            }

            if (page.Items.Count < RecordingQuery.MaxLimit)
                return imported;
        }
    }
}
