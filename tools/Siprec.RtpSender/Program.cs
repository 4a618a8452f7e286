Console.Error.WriteLine("rtpsender: not implemented yet");
return 2;
