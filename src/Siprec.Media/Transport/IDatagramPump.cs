using System.Net.Sockets;

namespace Siprec.Media.Transport;

/// <summary>Delivers the datagrams of many bound UDP sockets to their handlers.</summary>
internal interface IDatagramPump : IDisposable
{
    /// <summary>Starts delivering the datagrams of <paramref name="socket"/> to <paramref name="handler"/>.</summary>
    /// <remarks>
    /// Disposing the returned subscription stops delivery: once its task completes the handler is never called again,
    /// and only then may the socket be closed.
    /// </remarks>
    IAsyncDisposable Subscribe(Socket socket, IDatagramHandler handler);
}
