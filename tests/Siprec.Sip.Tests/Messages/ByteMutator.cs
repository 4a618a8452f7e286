namespace Siprec.Sip.Tests.Messages;

/// <summary>Deterministic mutations of valid inputs for the fuzz regression tests.</summary>
internal sealed class ByteMutator(int seed)
{
    private static readonly byte[] Interesting =
        "\r\n \t:;,=\"<>@/\\%?&[]*0123456789-.+~'`!\0"u8.ToArray().Concat(new byte[] { 0x7F, 0x80, 0xC3, 0xFF }).ToArray();

    private readonly Random _random = new(seed);

    /// <summary>Returns a copy of <paramref name="input"/> with one to four random edits applied.</summary>
    public byte[] Mutate(byte[] input)
    {
        var data = new List<byte>(input);
        var edits = _random.Next(1, 5);
        for (var i = 0; i < edits; i++)
            Apply(data);
        return [.. data];
    }

    private void Apply(List<byte> data)
    {
        if (data.Count == 0)
        {
            data.Add(Pick());
            return;
        }
        var at = _random.Next(data.Count);
        switch (_random.Next(7))
        {
            case 0:
                data[at] = Pick();
                break;
            case 1:
                data.Insert(at, Pick());
                break;
            case 2:
                data.RemoveRange(at, Math.Min(_random.Next(1, 16), data.Count - at));
                break;
            case 3:
                var length = Math.Min(_random.Next(1, 64), data.Count - at);
                data.InsertRange(_random.Next(data.Count), data.GetRange(at, length));
                break;
            case 4:
                data.RemoveRange(at, data.Count - at);
                break;
            case 5:
                data[at] = (byte)(data[at] ^ (1 << _random.Next(8)));
                break;
            default:
                data.InsertRange(at, Enumerable.Repeat(Pick(), _random.Next(1, 300)));
                break;
        }
    }

    private byte Pick() => _random.Next(3) == 0 ? (byte)_random.Next(256) : Interesting[_random.Next(Interesting.Length)];
}
