namespace Siprec.Recording.Index;

/// <summary>Told of every failed index operation, so it can be counted.</summary>
public interface IRecordingIndexObserver
{
    /// <summary>An index operation failed; <paramref name="operation"/> is write, catch_up, read or import.</summary>
    void OnIndexFailure(string operation);
}
