using System.Net;
using System.Net.Sockets;

namespace Siprec.Sip.Transport;

/// <summary>
/// Turns a received <see cref="SocketAddress"/> into an <see cref="IPEndPoint"/>, reusing the last one when the
/// sender repeats, which is the usual case for a recording server fed by a few SBCs. Single-threaded.
/// </summary>
internal sealed class RemoteEndPointCache
{
    private readonly IPEndPoint _template;
    private SocketAddress _lastAddress;
    private IPEndPoint? _lastEndPoint;

    public RemoteEndPointCache(AddressFamily family)
    {
        _template = new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        _lastAddress = new SocketAddress(family);
    }

    public IPEndPoint Get(SocketAddress address)
    {
        if (_lastEndPoint is not null && address.Equals(_lastAddress))
        {
            return _lastEndPoint;
        }

        var endPoint = (IPEndPoint)_template.Create(address);
        _lastAddress = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(_lastAddress.Buffer.Span);
        _lastEndPoint = endPoint;
        return endPoint;
    }
}
