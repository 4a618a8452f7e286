using Amazon.S3.Model;

namespace Siprec.Recording.Upload;

/// <summary>One object being read from the bucket; disposing it releases the connection.</summary>
public sealed class StoredObject : IDisposable
{
    private readonly GetObjectResponse _response;

    internal StoredObject(GetObjectResponse response) => _response = response;

    /// <summary>The object's bytes, read once.</summary>
    public Stream Content => _response.ResponseStream;

    /// <summary>Its length in bytes.</summary>
    public long Length => _response.ContentLength;

    /// <inheritdoc />
    public void Dispose() => _response.Dispose();
}
