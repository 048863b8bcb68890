<?php

const SL_ROOT = "https://api.salesloft.com/v2";

function slSend($verb, $url, $fields) {
  $ch = curl_init($url);
  curl_setopt($ch, CURLOPT_CUSTOMREQUEST, $verb);
  curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($fields));
  curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
  $out = curl_exec($ch);
  curl_close($ch);
  return $out;
}

slSend("PUT", SL_ROOT . "/people/" . $argv[1], ["title" => $argv[2]]);
