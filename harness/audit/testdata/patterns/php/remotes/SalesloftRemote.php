<?php

namespace Acme\Remotes;

use GuzzleHttp\Client;

class SalesloftRemote
{
    public function refresh(string $refreshToken)
    {
        $http = new Client();
        return $http->post(self::OAUTH['host'] . self::OAUTH['token_path'], ['form_params' => ['refresh_token' => $refreshToken]]);
    }

    public function relay(string $method, string $path, array $options = [])
    {
        $http = new Client(['base_uri' => 'https://api.salesloft.com']);
        return $http->request($method, $path, $options);
    }

    public function accounts(int $page)
    {
        $http = new Client(['base_uri' => 'https://api.salesloft.com/v2/']);
        return $http->get("accounts?page={$page}&per_page=100");
    }

    const OAUTH = ['host' => 'https://accounts.salesloft.com', 'token_path' => '/oauth/token'];
}
